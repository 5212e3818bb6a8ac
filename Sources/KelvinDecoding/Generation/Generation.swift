import KelvinSampling
import KelvinTokenizers

/// One generated token.
public struct GenerationStep: Sendable, Equatable {
  /// The token id.
  public let token: Int
  /// The text this step completes: its token's text, or "" when the token ends inside a
  /// character (a byte-level token holding part of one), whose text then comes with the token
  /// that completes it (``Tokenizer/streamingText(of:)``).
  public let text: String
  /// Its log-probability under the processed distribution the draw used.
  public let processedLogprob: Double?
  /// Its log-probability under the model's raw distribution.
  public let rawLogprob: Double?
  /// The most likely alternatives under the raw distribution, when asked for.
  public let topLogprobs: [SampledToken.Alternative]
  /// How many tokens the chain's constraint allowed at this step (`nil` without one).
  public let allowedTokens: Int?
}

/// Why generation stopped.
public enum StopReason: String, Sendable, Equatable {
  /// The model produced its end-of-sequence token (included in the tokens, not in the text).
  case endOfSequence = "end_of_sequence"
  /// The text came to contain a stop string (the text is cut before it).
  case stopString = "stop_string"
  /// The token limit was reached.
  case tokenLimit = "token_limit"
}

/// A finished generation.
public struct Generation: Sendable, Equatable {
  /// Every generated step.
  public let steps: [GenerationStep]
  /// The generated text (without the end-of-sequence token and any stop string).
  public let text: String
  /// Why it stopped.
  public let stopReason: StopReason
  /// Whether the text is a full match of the chain's constraint (`nil` without one).
  public let constraintIsComplete: Bool?
  /// The sum of the steps' raw log-probabilities.
  public var rawLogLikelihood: Double { steps.compactMap(\.rawLogprob).reduce(0, +) }
  /// The text's perplexity under the model, `exp(−rawLogLikelihood / steps)` (the end of
  /// sequence counted when it ended the text).
  public var perplexity: Double {
    KelvinDecoding.perplexity(logLikelihood: rawLogLikelihood, count: steps.count)
  }
}

/// Generates tokens after `prompt`, one sampler-chain draw per step, calling `onStep` as each
/// token arrives (to stream it).
///
/// The chain learns the prompt through `acceptPrompt` and each generated token through
/// `accept`; its seed and `(sequence, step)` fix the random stream, so the same seed gives the
/// same text. Generation stops at the model's end-of-sequence token, when the text contains
/// one of `stop`, or after `maxTokens` tokens. With a constraint bound to the chain, each step
/// records the size of the mask it applied, and the result whether the text completes a match.
///
/// - Throws: ``DecodingError`` or a sampling error from the model or the chain.
/// - Complexity: `maxTokens` model calls and chain draws.
public func generate<Model: LanguageModel>(
  prompt: [Int], model: inout Model, chain: inout SamplerChain, tokenizer: some Tokenizer,
  maxTokens: Int, stop: [String] = [], topLogprobs: Int = 0,
  onStep: (GenerationStep) throws -> Void = { _ in }
) throws -> Generation {
  for token in prompt { chain.acceptPrompt(token) }
  var context = prompt
  var logits = [Float](repeating: 0, count: model.vocabularySize)
  var steps: [GenerationStep] = []
  var generated: [Int] = []
  // Tokens whose text ends inside a character, held back until it completes.
  var held: [Int] = []
  var reason = StopReason.tokenLimit
  while steps.count < maxTokens {
    try model.logits(after: context, into: &logits)
    guard logits.count == model.vocabularySize else {
      throw DecodingError.logitsLength(expected: model.vocabularySize, actual: logits.count)
    }
    let allowed = chain.boundConstraint?.allowedTokens.count
    let sampled = try logits.withUnsafeBufferPointer {
      try chain.sample($0, topLogprobs: topLogprobs)
    }
    context.append(sampled.token)
    if sampled.token == model.endOfSequence {
      steps.append(step(sampled, text: "", allowed: allowed))
      reason = .endOfSequence
      break
    }
    held.append(sampled.token)
    let piece = try tokenizer.streamingText(of: held)
    if piece != nil { held = [] }
    let current = step(sampled, text: piece ?? "", allowed: allowed)
    steps.append(current)
    generated.append(sampled.token)
    try onStep(current)
    if !stop.isEmpty, case let text = try tokenizer.decode(generated),
      stop.contains(where: { text.contains($0) })
    {
      reason = .stopString
      break
    }
  }
  var text = try tokenizer.decode(generated)
  if reason == .stopString {
    let cut = stop.compactMap { text.range(of: $0)?.lowerBound }.min()
    if let cut { text = String(text[..<cut]) }
  }
  return Generation(
    steps: steps, text: text, stopReason: reason,
    constraintIsComplete: chain.boundConstraint?.isComplete)
}

func step(_ sampled: SampledToken, text: String, allowed: Int?) -> GenerationStep {
  GenerationStep(
    token: sampled.token, text: text, processedLogprob: sampled.processedLogprob,
    rawLogprob: sampled.rawLogprob, topLogprobs: sampled.topLogprobs, allowedTokens: allowed)
}

/// ``generate(prompt:model:chain:tokenizer:maxTokens:stop:topLogprobs:onStep:)`` with the
/// chain `request` assembles for sequence `sequence`.
///
/// - Throws: As ``GenerationRequest/samplerChain(sequence:temperature:)`` and the chain form.
public func generate<Model: LanguageModel>(
  prompt: [Int], model: inout Model, request: GenerationRequest, sequence: UInt64 = 0,
  tokenizer: some Tokenizer, maxTokens: Int, stop: [String] = [], topLogprobs: Int = 0,
  onStep: (GenerationStep) throws -> Void = { _ in }
) throws -> (generation: Generation, chain: SamplerChain) {
  var chain = try request.samplerChain(sequence: sequence)
  let generation = try generate(
    prompt: prompt, model: &model, chain: &chain, tokenizer: tokenizer, maxTokens: maxTokens,
    stop: stop, topLogprobs: topLogprobs, onStep: onStep)
  return (generation, chain)
}

/// ``generate(prompt:model:chain:tokenizer:maxTokens:stop:topLogprobs:onStep:)`` with the
/// chain's processors and final choice but the random stream of `seed` (sequence 0).
///
/// - Throws: As the chain form.
public func generate<Model: LanguageModel>(
  prompt: [Int], model: inout Model, chain: SamplerChain, tokenizer: some Tokenizer,
  maxTokens: Int, stop: [String] = [], seed: UInt64, topLogprobs: Int = 0,
  onStep: (GenerationStep) throws -> Void = { _ in }
) throws -> Generation {
  var seeded = SamplerChain(chain.processors, choice: chain.choice, seed: seed)
  return try generate(
    prompt: prompt, model: &model, chain: &seeded, tokenizer: tokenizer, maxTokens: maxTokens,
    stop: stop, topLogprobs: topLogprobs, onStep: onStep)
}
