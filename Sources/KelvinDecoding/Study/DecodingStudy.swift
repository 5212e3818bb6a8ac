import Foundation
import KelvinCore
import KelvinSampling
import KelvinTokenizers
import Synchronization

/// Greedy decoding, beam search and sampling side by side on the same prompts, measured as
/// Holtzman and others (ICLR 2020, "The Curious Case of Neural Text Degeneration", table 1)
/// measure them, with the human continuations as the reference row.
///
/// Every strategy continues every prompt once (to the end-of-sequence token or `maxTokens`).
/// Sampling strategy `s` continues prompt `i` with random sequence `i` of `seed`, stochastic
/// beam search likewise, so every row is reproducible and independent of the thread count.
public struct DecodingStudy: Sendable {
  /// The measures of one strategy's texts (or the human continuations').
  public struct Row: Sendable, Equatable {
    /// The strategy's name (``DecodingStrategy/description``), or `human`.
    public let name: String
    /// The texts, one per prompt (without the prompt).
    public let texts: [String]
    /// The mean log-probability per token of the texts under the model (τ = 1), the
    /// end-of-sequence token included where the text has one, in nats.
    public let meanLogprob: Double
    /// `exp(−meanLogprob)`.
    public var perplexity: Double { Foundation.exp(-meanLogprob) }
    /// The fraction of texts that end in a repetition loop (``endsInRepetitionLoop(_:minimumLength:)``).
    public let repetition: Double
    /// Distinct word unigrams over all (``distinctN(_:n:)``), pooled over the texts.
    public let distinct1: Double
    /// Distinct word bigrams over all, pooled over the texts.
    public let distinct2: Double
    /// Self-BLEU-4 of the texts (``selfBLEU4(_:)``); `nil` with fewer than two texts.
    public let selfBLEU4: Double?
    /// The Zipf coefficient of the texts' words (``zipfCoefficient(_:mostFrequent:)``).
    public let zipf: Double?
    /// The mean length of the texts in tokens (characters for the built-in model), the
    /// end-of-sequence token not counted.
    public let length: Double

    /// Measures `texts` whose tokens had the summed log-probability `logprob` over `tokens`
    /// scored tokens.
    init(name: String, texts: [String], logprob: Double, tokens: Int, lengths: [Int]) {
      self.name = name
      self.texts = texts
      meanLogprob = logprob / Double(max(1, tokens))
      repetition =
        Double(texts.filter { endsInRepetitionLoop($0) }.count) / Double(max(1, texts.count))
      distinct1 = distinctN(texts, n: 1)
      distinct2 = distinctN(texts, n: 2)
      selfBLEU4 = KelvinDecoding.selfBLEU4(texts)
      zipf = zipfCoefficient(texts)
      length = Double(lengths.reduce(0, +)) / Double(max(1, lengths.count))
    }
  }

  /// One row per strategy, in the order given.
  public let strategies: [Row]
  /// The human continuations of the prompts, measured the same way.
  public let human: Row
  /// For each beam width studied: the fraction of prompts where beam search found a
  /// continuation of `maxTokens` tokens (no end of sequence) of strictly higher total
  /// log-probability than greedy decoding's continuation of the same length.
  public let beamBeatsGreedy: [(width: Int, fraction: Double)]

  /// Runs the study.
  ///
  /// - Parameters:
  ///   - prompts: The prompts and their human continuations.
  ///   - strategies: The strategies (``DecodingStrategy/study`` by default).
  ///   - model: The model (copied per worker thread).
  ///   - tokenizer: Its tokenizer; a prompt or continuation it cannot encode is an error.
  ///   - maxTokens: The most tokens per continuation.
  ///   - seed: The seed of every sampling strategy.
  ///   - threads: Worker threads (the result does not depend on it).
  ///   - progress: Called with the fraction of prompts done, from any thread.
  /// - Throws: ``DecodingError``, the model's or the chains' errors.
  /// - Complexity: O(prompts · maxTokens · Σ widths) model calls, the widths of greedy and
  ///   sampling counting 2 (the generation and its scoring), beam search's counting twice
  ///   its width (the search and the fixed-length search).
  public init<Model: LanguageModel & Sendable, Words: Tokenizer>(
    prompts: [StudyPrompt], strategies: [DecodingStrategy] = DecodingStrategy.study,
    model: Model, tokenizer: Words, maxTokens: Int, seed: UInt64, threads: Int = 1,
    progress: @Sendable (Double) -> Void = { _ in }
  ) throws {
    let widths = strategies.compactMap { strategy -> Int? in
      if case .beam(let width) = strategy { return width }
      return nil
    }
    let slots = Mutex([PromptOutcome?](repeating: nil, count: prompts.count))
    let finished = Mutex(0)
    try ParallelLoop.forEach(prompts.count, threads: threads) { index in
      var local = model
      let outcome = try PromptOutcome(
        prompt: prompts[index], index: index, strategies: strategies, widths: widths,
        model: &local, tokenizer: tokenizer, maxTokens: maxTokens, seed: seed)
      slots.withLock { $0[index] = outcome }
      let done = finished.withLock {
        $0 += 1
        return $0
      }
      progress(Double(done) / Double(prompts.count))
    }
    let outcomes = slots.withLock { $0.compactMap { $0 } }
    self.strategies = strategies.indices.map { column in
      let runs = outcomes.map { $0.runs[column] }
      return Row(
        name: strategies[column].description, texts: runs.map(\.text),
        logprob: runs.map(\.logprob).reduce(0, +), tokens: runs.map(\.scored).reduce(0, +),
        lengths: runs.map(\.length))
    }
    let humans = outcomes.map(\.human)
    human = Row(
      name: "human", texts: humans.map(\.text), logprob: humans.map(\.logprob).reduce(0, +),
      tokens: humans.map(\.scored).reduce(0, +), lengths: humans.map(\.length))
    beamBeatsGreedy = widths.enumerated().map { column, width in
      let wins = outcomes.filter { $0.beamBeatsGreedy[column] }.count
      return (width, Double(wins) / Double(max(1, outcomes.count)))
    }
  }
}

/// One continuation and its score under the model.
struct StudyRun {
  var text: String
  /// The summed log-probability of the scored tokens.
  var logprob: Double
  /// Tokens scored (the end-of-sequence token included when produced).
  var scored: Int
  /// Tokens generated, the end-of-sequence token not counted.
  var length: Int
}

/// Everything the study computes for one prompt.
struct PromptOutcome {
  var runs: [StudyRun] = []
  var human: StudyRun
  var beamBeatsGreedy: [Bool] = []

  init<Model: LanguageModel, Words: Tokenizer>(
    prompt: StudyPrompt, index: Int, strategies: [DecodingStrategy], widths: [Int],
    model: inout Model, tokenizer: Words, maxTokens: Int, seed: UInt64
  ) throws {
    let context = try tokenizer.encode(prompt.prompt)
    let end = model.endOfSequence
    func run(_ tokens: [Int]) throws -> StudyRun {
      let logprob = try logLikelihood(of: tokens, after: context, under: &model)
      let length = tokens.last == end && end != nil ? tokens.count - 1 : tokens.count
      return StudyRun(
        text: try tokenizer.decode(Array(tokens.prefix(length))), logprob: logprob,
        scored: tokens.count, length: length)
    }
    var reference = try tokenizer.encode(prompt.continuation)
    if let end { reference.append(end) }
    human = try run(reference)
    for strategy in strategies {
      let tokens: [Int]
      switch strategy {
      case .greedy:
        tokens =
          try beamSearch(prompt: context, model: &model, width: 1, maxTokens: maxTokens)
          .first?.tokens ?? []
      case .beam(let width):
        tokens =
          try beamSearch(prompt: context, model: &model, width: width, maxTokens: maxTokens)
          .first?.tokens ?? []
      case .stochasticBeam(let width, let temperature):
        let beams = try stochasticBeamSearch(
          prompt: context, model: &model, width: width, maxTokens: maxTokens,
          temperature: temperature, seed: seed, sequence: UInt64(index))
        tokens = beams.max { $0.logprob < $1.logprob }?.tokens ?? []
      case .sample, .topK, .topP, .minP:
        var chain = SamplerChain(
          try strategy.chain() ?? ChainDescription([]), seed: seed, sequence: UInt64(index))
        tokens = try generate(
          prompt: context, model: &model, chain: &chain, tokenizer: tokenizer,
          maxTokens: maxTokens
        ).steps.map(\.token)
      }
      runs.append(try run(tokens))
    }
    guard !widths.isEmpty else { return }
    let greedy = try beamSearch(
      prompt: context, model: &model, width: 1, maxTokens: maxTokens, lengthPenalty: 0,
      endsAtEndOfSequence: false
    ).first
    for width in widths {
      let best = try beamSearch(
        prompt: context, model: &model, width: width, maxTokens: maxTokens, lengthPenalty: 0,
        endsAtEndOfSequence: false
      ).first
      guard let best, let greedy else {
        beamBeatsGreedy.append(false)
        continue
      }
      beamBeatsGreedy.append(best.tokens != greedy.tokens && best.logprob > greedy.logprob)
    }
  }
}
