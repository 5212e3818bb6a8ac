import Foundation
import KelvinCore
import KelvinSampling
import Testing

/// `top_k`: hand-worked cases and its definition.
@Suite("top_k")
struct TopKTests {
  @Test("top_k keeps exactly k, ties broken by lower token id")
  func topK() throws {
    #expect(try tokens(TopK(2), [1, 3, 3, 2, 0]) == [1, 2])
    // Three tokens tie at 3; k = 2 keeps the two lowest ids (llama.cpp).
    #expect(try tokens(TopK(2), [3, 1, 3, 3]) == [0, 2])
    // keep_ties keeps every token tied with the 2nd (transformers).
    #expect(try tokens(TopK(2, keepsTies: true), [3, 1, 3, 3]) == [0, 2, 3])
    #expect(try tokens(TopK(0), [3, 1, 2]) == [0, 1, 2])
    #expect(try tokens(TopK(3), [3, 1, 2]) == [0, 1, 2])
    #expect(try tokens(TopK(1, minimumKeep: 3), [3, 1, 2, 0]) == [0, 1, 2])
  }

  @Test("top_k's bounded selection equals a full sort", arguments: [1, 5, 12, 100])
  func topKSelection(k: Int) throws {
    var generator = Xoshiro256StarStar(seed: UInt64(k))
    // Coarse values make many ties.
    let logits = (0..<1000).map { _ in Float(Int(generator.next() % 50)) / 4 }
    let expected = logits.enumerated().sorted {
      $0.element > $1.element || ($0.element == $1.element && $0.offset < $1.offset)
    }
    .prefix(k).map(\.offset).sorted()
    #expect(try tokens(TopK(k), logits) == expected)
  }
}
