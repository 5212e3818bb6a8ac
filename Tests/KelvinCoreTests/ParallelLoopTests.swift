import KelvinCore
import Testing

@Suite("parallel loop")
struct ParallelLoopTests {
  final class Marks: @unchecked Sendable {
    var counts: [Int]
    init(_ n: Int) { counts = [Int](repeating: 0, count: n) }
  }

  @Test("every index runs exactly once, whatever the thread count", arguments: [1, 2, 3, 8])
  func everyIndexOnce(threads: Int) throws {
    let marks = Marks(1000)
    try marks.counts.withUnsafeMutableBufferPointer { buffer in
      nonisolated(unsafe) let counts = buffer
      try ParallelLoop.forEach(1000, threads: threads) { counts[$0] += 1 }
    }
    #expect(marks.counts.allSatisfy { $0 == 1 })
  }

  @Test("the first error comes out; no indices run once it has been seen by the dispenser")
  func errors() {
    struct Stop: Error {}
    for threads in [1, 2] {
      #expect(throws: Stop.self) {
        try ParallelLoop.forEach(100, threads: threads) { if $0 == 10 { throw Stop() } }
      }
    }
  }

  @Test("no indices, no calls")
  func empty() throws {
    try ParallelLoop.forEach(0, threads: 4) { _ in Issue.record("called") }
  }
}
