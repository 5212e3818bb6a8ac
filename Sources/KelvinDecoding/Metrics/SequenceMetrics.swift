import Foundation
import KelvinCore

/// The log-likelihood of `tokens` under `model` (τ = 1, in `Double`), each token scored after
/// `context` and the tokens before it (the first after `context` alone), in nats.
///
/// - Throws: The model's errors, ``DecodingError/logitsLength(expected:actual:)``, or
///   ``DecodingError/unknownToken(_:vocabularySize:)``.
/// - Complexity: one model call per token.
public func logLikelihood<Model: LanguageModel>(
  of tokens: [Int], after context: [Int] = [], under model: inout Model
) throws -> Double {
  var next = NextTokenLogProbabilities(vocabularySize: model.vocabularySize)
  var current = context
  var total = 0.0
  for token in tokens {
    guard token >= 0, token < model.vocabularySize else {
      throw DecodingError.unknownToken(token, vocabularySize: model.vocabularySize)
    }
    try next.compute(after: current, model: &model)
    total += next.values[token]
    current.append(token)
  }
  return total
}

/// The perplexity `exp(−log-likelihood / n)` of `tokens` under `model`: the effective number
/// of equally likely choices per token (the vocabulary size for a uniform model).
///
/// - Throws: As ``logLikelihood(of:under:)``; an empty sequence has no perplexity and throws
///   ``DecodingError/emptyCorpus``.
public func perplexity<Model: LanguageModel>(of tokens: [Int], under model: inout Model) throws
  -> Double
{
  guard !tokens.isEmpty else { throw DecodingError.emptyCorpus }
  return perplexity(
    logLikelihood: try logLikelihood(of: tokens, under: &model), count: tokens.count)
}

/// The perplexity `exp(−logLikelihood / count)` of `count` tokens.
///
/// `logLikelihood` is the sum of their log-probabilities (nats); no tokens give 1 (nothing was
/// predicted). Every perplexity Kelvin reports is computed here.
public func perplexity(logLikelihood: Double, count: Int) -> Double {
  Foundation.exp(-logLikelihood / Double(max(1, count)))
}

/// Distinct-n: the number of distinct word n-grams over the total number of word n-grams.
///
/// As Li and others (2016) define it, over `samples` with words split at white space: from 0
/// (all repeated) to 1 (all different). Samples shorter than `n` words contribute nothing; with no n-gram at all the
/// result is 0.
///
/// - Complexity: O(total words · n).
public func distinctN(_ samples: [String], n: Int) -> Double {
  guard n >= 1 else { return 0 }
  var seen = Set<[Substring]>()
  var total = 0
  for sample in samples {
    let words = sample.split(whereSeparator: \.isWhitespace)
    guard words.count >= n else { continue }
    for start in 0...(words.count - n) {
      seen.insert(Array(words[start..<(start + n)]))
      total += 1
    }
  }
  return total == 0 ? 0 : Double(seen.count) / Double(total)
}
