import KelvinDecoding
import Testing

@Suite("repetition loops")
struct RepetitionLoopTests {
  @Test("a text that ends repeating itself loops; ordinary text does not")
  func loops() {
    // Period 2: "ab" × 11 is 22 characters; its last 20 each equal the one 2 before.
    #expect(endsInRepetitionLoop(String(repeating: "ab", count: 11)))
    // 21 characters of period 2: a final stretch of 20 needs 2 characters before it, 22 in all.
    #expect(!endsInRepetitionLoop(String(repeating: "ab", count: 10) + "a"))
    // Period 21 (" I will see the LORD,"): twice is 42 characters, the last 21 repeat the 21
    // before them; once is no loop.
    let phrase = " I will see the LORD,"
    #expect(phrase.count == 21)
    #expect(endsInRepetitionLoop("And the LORD said," + phrase + phrase))
    #expect(!endsInRepetitionLoop("And the LORD said," + phrase))
    #expect(!endsInRepetitionLoop("In the beginning God created the heaven and the earth."))
    // A loop that stopped before the end is not a loop at the end.
    #expect(!endsInRepetitionLoop(String(repeating: "ab", count: 20) + " and then something else"))
  }

  @Test("the minimum length is respected")
  func minimumLength() {
    // "xyzxyz": period 3, stretch max(3, 3) = 3, preceded by one period: loops at 3.
    #expect(endsInRepetitionLoop("xyzxyz", minimumLength: 3))
    #expect(!endsInRepetitionLoop("xyzxyz", minimumLength: 4))
    #expect(!endsInRepetitionLoop(""))
    #expect(!endsInRepetitionLoop("a"))
  }
}
