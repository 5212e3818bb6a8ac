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

/// The log-likelihood of `tokens[1...]` under a model that sees at most `window` tokens.
///
/// Windows of `window` tokens each score the tokens the one before did not, after a context
/// of at least `window / 2` tokens (the first window after the tokens before it), as
/// transformers' guide to perplexity of fixed-length models strides. The first token, which
/// has no context, is not scored.
///
/// - Returns: The sum of the log-probabilities (nats) and how many tokens it covers.
/// - Throws: As ``logLikelihood(of:after:under:)``.
/// - Complexity: about `2 · tokens` model positions.
public func windowedLogLikelihood<Model: LanguageModel>(
  of tokens: [Int], under model: inout Model, window: Int
) throws -> (logLikelihood: Double, scored: Int) {
  guard tokens.count > 1 else { return (0, 0) }
  let size = max(2, window)
  var total = 0.0
  var scoredUpTo = 1
  var begin = 0
  while scoredUpTo < tokens.count {
    let end = min(begin + size, tokens.count)
    total += try logLikelihood(
      of: Array(tokens[scoredUpTo..<end]), after: Array(tokens[begin..<scoredUpTo]),
      under: &model)
    scoredUpTo = end
    begin = max(0, end - size / 2)
  }
  return (total, tokens.count - 1)
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
