import Foundation
import KelvinDecoding

/// A tiny hand-built model: tokens a = 0, b = 1, end = 2, with probabilities given by a table
/// of contexts, so that every decoding result can be worked out by hand.
struct TableModel: LanguageModel {
  let vocabularySize = 3
  let endOfSequence: Int? = 2
  var calls = 0

  /// P(next | context).
  static func probabilities(after context: [Int]) -> [Double] {
    switch context {
    case []: return [0.5, 0.45, 0.05]
    case [0]: return [0.34, 0.33, 0.33]
    case [1]: return [0.05, 0.05, 0.9]
    default: return [0.25, 0.25, 0.5]
    }
  }

  mutating func logits(after context: [Int], into logits: inout [Float]) throws {
    calls += 1
    for token in context where !(0..<3).contains(token) {
      throw DecodingError.unknownToken(token, vocabularySize: 3)
    }
    logits = Self.probabilities(after: context).map { Float(Foundation.log($0)) }
  }

  /// Every sequence of at most `maxTokens` tokens that ends in `end` or has `maxTokens`
  /// tokens, with its log-probability: the exhaustive search beam search is checked against.
  static func exhaustive(maxTokens: Int) -> [(tokens: [Int], logprob: Double)] {
    var results: [(tokens: [Int], logprob: Double)] = []
    func extend(_ tokens: [Int], _ logprob: Double) {
      let p = probabilities(after: tokens)
      for token in 0..<3 {
        let next = tokens + [token]
        let value = logprob + Foundation.log(p[token])
        if token == 2 || next.count == maxTokens {
          results.append((next, value))
        } else {
          extend(next, value)
        }
      }
    }
    extend([], 0)
    return results
  }
}

/// A model that returns logits of the wrong length.
struct BrokenModel: LanguageModel {
  let vocabularySize = 4
  let endOfSequence: Int? = nil
  mutating func logits(after context: [Int], into logits: inout [Float]) throws {
    logits = [0, 0]
  }
}

/// A model with the same next-token probabilities after every context; token 2 ends.
struct FixedRowModel: LanguageModel {
  let row: [Double]
  var vocabularySize: Int { row.count }
  let endOfSequence: Int? = 2
  mutating func logits(after context: [Int], into logits: inout [Float]) throws {
    logits = row.map { Float(Foundation.log($0)) }
  }
}
