import Foundation
import KelvinCore
import KelvinSampling
import Testing

/// `no_repeat_ngram`: hand-worked cases and its definition.
@Suite("no_repeat_ngram")
struct NoRepeatNGramTests {
  @Test("no_repeat_ngram bans the token that would repeat an n-gram")
  func noRepeatNGram() throws {
    // n = 2, history 5 6 5: the prefix "5" occurred before, followed by 6: 6 is banned.
    #expect(
      try tokens(try NoRepeatNGram(2), [Float](repeating: 0, count: 8), history: [5, 6, 5]) == [
        0, 1, 2, 3, 4, 5, 7,
      ])
    // n = 3, history 1 2 3 1 2: prefix "1 2" was followed by 3.
    #expect(
      try tokens(try NoRepeatNGram(3), [0, 0, 0, 0], history: [1, 2, 3, 1, 2]) == [0, 1, 2])
    // Too short a history bans nothing; n = 1 bans every seen token.
    #expect(try tokens(try NoRepeatNGram(3), [0, 0, 0], history: [1]) == [0, 1, 2])
    #expect(try tokens(try NoRepeatNGram(1), [0, 0, 0], history: [1]) == [0, 2])
  }
}
