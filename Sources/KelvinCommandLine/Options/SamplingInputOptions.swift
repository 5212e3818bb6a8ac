import Kelvin

/// What `process` and `sample` take: the logits (`--logits`, `--probs` or `--input`), the chain
/// and the tokens accepted before processing.
struct SamplingInputOptions: CommandOptions {
  var logits = VectorOptions()
  var probabilities: [Double]?
  var chain = ChainOptions()
  var history: [Int]?
  var promptTokens: [Int]?

  static let tokenIDs = ValueRule.list(
    of: .integer(0...Int(Int32.max)), count: Limits.tokenIDs)

  static var declarations: [OptionDeclaration<SamplingInputOptions>] {
    VectorOptions.declarations(
      at: \.logits, "logits", "L", help: "Comma-separated logits; -inf masks a token.")
      + [
        .option(
          \.probabilities, "probs", "P",
          help:
            "Comma-separated probabilities (or weights) instead of logits: logit = ln p, p = 0 masks.",
          .vector)
      ] + ChainOptions.declarations(at: \.chain) + [
        .option(
          \.history, "history", "IDS",
          help:
            "Comma-separated generated token ids, accepted in order before processing (penalties, DRY, mirostat, no_repeat_ngram).",
          tokenIDs),
        .option(
          \.promptTokens, "prompt-tokens", "IDS",
          help:
            "Comma-separated prompt token ids, accepted before --history (penalties with prompt=ignored skip them).",
          tokenIDs),
      ]
  }

  static func declarations<Outer>(at path: WritableKeyPath<Outer, SamplingInputOptions>)
    -> [OptionDeclaration<Outer>]
  {
    declarations.map { $0.embedded(at: path) }
  }

  static func relations<Outer: CommandOptions>(
    at path: WritableKeyPath<Outer, SamplingInputOptions>
  ) -> [OptionRelation<Outer>] {
    let probabilities = path.appending(path: \.probabilities)
    return [
      .excludes(probabilities, path.appending(path: \.logits.values)),
      .excludes(probabilities, path.appending(path: \.logits.file.path)),
    ] + VectorOptions.relations(at: path.appending(path: \.logits))
      + ChainOptions.relations(at: path.appending(path: \.chain))
  }

  /// The logits, from `--logits`, `--probs` (as `ln p`) or `--input`.
  ///
  /// - Throws: File errors; ``CommandError`` (65) for a negative or non-finite weight.
  func vector() throws -> InputVector {
    if let probabilities {
      let logits = try InputVector(values: probabilities, origin: "--probs").compute {
        try Kelvin.logits(fromWeights: $0, field: "probs")
      }
      return InputVector(values: logits, origin: "--probs")
    }
    return try logits.vector(flag: "--logits")
  }

  /// The chain with `--prompt-tokens` and `--history` accepted; draws start at step 0.
  ///
  /// - Throws: ``CommandError`` (64) for a token outside the vocabulary.
  func chain(vocabularySize: Int) throws -> SamplerChain {
    var chain = try self.chain.chain()
    for (flag, tokens, isPrompt) in [
      ("--prompt-tokens", promptTokens, true), ("--history", history, false),
    ] {
      for token in tokens ?? [] {
        guard token < vocabularySize else {
          throw CommandError.usage(
            "\(flag): token \(token) is outside the vocabulary of \(vocabularySize) tokens",
            flag: flag)
        }
        if isPrompt { chain.acceptPrompt(token) } else { chain.accept(token) }
      }
    }
    // --history advances the step; draws start from step 0 of the sequence's stream.
    chain.step = 0
    return chain
  }
}
