import Foundation
import Kelvin

/// The options shared by `kelvin process` and `kelvin sample`: the chain (`--chain` or a
/// preset with shorthand flags), the logits (`--logits`, `--probs` or `--input`), the history
/// and the seed.
enum ChainOptions {
  static let options: [OptionSpec] =
    VectorInput.options("logits", "L", help: "Comma-separated logits; -inf masks a token.")
    + [
      .value(
        "probs", "P",
        help:
          "Comma-separated probabilities (or weights) instead of logits: logit = ln p, p = 0 masks."
      )
    ] + chainOptions
    + [
      .value(
        "history", "IDS",
        help:
          "Comma-separated generated token ids, accepted in order before processing (penalties, DRY, mirostat, no_repeat_ngram)."
      ),
      .value(
        "prompt-tokens", "IDS",
        help:
          "Comma-separated prompt token ids, accepted before --history (penalties with prompt=ignored skip them)."
      ),
    ]

  /// The options that describe a chain: `--chain`, or `--preset` with shorthand flags, and
  /// `--seed`.
  static let chainOptions: [OptionSpec] = [
    .value(
      "chain", "SPEC",
      help:
        "Processors in order, separated by ; or ,: name, name=value or name(key=value,…), optionally ending in dist or greedy. Example: top_k=40;top_p=0.95;temperature=0.7"
    ),
    .value(
      "preset", "name",
      help: "Without --chain: llama (llama.cpp's default order) or hf (transformers' order).",
      default: "llama"),
    .value("temperature", "T", help: "Preset shorthand: temperature."),
    .value("top-k", "K", help: "Preset shorthand: top-k."),
    .value("top-p", "P", help: "Preset shorthand: top-p."),
    .value("min-p", "P", help: "Preset shorthand: min-p."),
    .value("typical-p", "P", help: "Preset shorthand: typical-p."),
    .value("repeat-penalty", "R", help: "Preset shorthand: repetition penalty."),
    .value("frequency-penalty", "F", help: "Preset shorthand: frequency penalty."),
    .value("presence-penalty", "F", help: "Preset shorthand: presence penalty."),
    .value("penalty-last-n", "N", help: "Preset shorthand: penalty window (-1 = all)."),
    .value("seed", "S", help: "Seed of the random stream.", default: "0"),
  ]

  static let shorthands = [
    "temperature", "top-k", "top-p", "min-p", "typical-p", "repeat-penalty", "frequency-penalty",
    "presence-penalty", "penalty-last-n",
  ]

  /// The chain the options describe, with history and prompt tokens accepted.
  ///
  /// - Throws: ``CommandError`` 64 for a malformed chain or option.
  static func chain(
    _ arguments: ParsedArguments, vocabularySize: Int, sequence: UInt64 = 0,
    settings overrides: ((inout SamplerSettings) -> Void)? = nil
  ) throws -> SamplerChain {
    let seed = try ValueParsing.seed(arguments.required("seed"), flag: "seed")
    var chain: SamplerChain
    do {
      if let specification = arguments.value("chain") {
        for flag in shorthands + ["preset"] where arguments.isGiven(flag) {
          throw CommandError.usage(
            "--\(flag) applies to presets; with --chain write it in the chain")
        }
        chain = try SamplerChain(specification: specification, seed: seed, sequence: sequence)
      } else {
        let preset: SamplerPreset = try ValueParsing.choice(
          arguments.required("preset"), flag: "preset")
        var settings = try settings(arguments)
        overrides?(&settings)
        chain = try SamplerChain(preset: preset, settings: settings, seed: seed, sequence: sequence)
      }
    } catch let error as SamplingError {
      throw CommandError.usage("--chain: \(error)")
    }
    for (flag, accept) in [
      ("prompt-tokens", { (chain: inout SamplerChain, token: Int) in chain.acceptPrompt(token) }),
      ("history", { (chain: inout SamplerChain, token: Int) in chain.accept(token) }),
    ] {
      guard arguments.spec.option(named: flag) != nil, let text = arguments.value(flag) else {
        continue
      }
      for token in try tokenList(text, flag: flag, vocabularySize: vocabularySize) {
        accept(&chain, token)
      }
    }
    // --history advances the step; draws start from step 0 of the sequence's stream.
    chain.step = 0
    return chain
  }

  static func settings(_ arguments: ParsedArguments) throws -> SamplerSettings {
    var settings = SamplerSettings()
    func number(_ flag: String) throws -> Double? {
      try arguments.value(flag).map { try ValueParsing.number($0, flag: flag) }
    }
    func integer(_ flag: String) throws -> Int? {
      try arguments.value(flag).map { text in
        guard let value = Int(text.trimmingWhitespace()) else {
          throw CommandError.usage("--\(flag): expected a whole number, got '\(text)'")
        }
        return value
      }
    }
    settings.temperature = try number("temperature")
    settings.topK = try integer("top-k")
    settings.topP = try number("top-p")
    settings.minP = try number("min-p")
    settings.typicalP = try number("typical-p")
    settings.repeatPenalty = try number("repeat-penalty")
    settings.frequencyPenalty = try number("frequency-penalty")
    settings.presencePenalty = try number("presence-penalty")
    settings.penaltyLastN = try integer("penalty-last-n")
    return settings
  }

  /// `3,5,8` → token ids, each in `0..<vocabularySize`.
  static func tokenList(_ text: String, flag: String, vocabularySize: Int) throws -> [Int] {
    try text.split(separator: ",").map { part in
      guard let token = Int(String(part).trimmingWhitespace()), token >= 0 else {
        throw CommandError.usage("--\(flag): '\(part)' is not a token id")
      }
      guard token < vocabularySize else {
        throw CommandError.usage(
          "--\(flag): token \(token) is outside the vocabulary of \(vocabularySize) tokens")
      }
      return token
    }
  }

  /// The logits from `--logits`, `--input` or `--probs`, as Float.
  static func logits(_ arguments: ParsedArguments) throws -> InputVector {
    if let text = arguments.value("probs") {
      for flag in ["logits", "input"] where arguments.isGiven(flag) {
        throw CommandError.usage("give either --probs or --\(flag), not both")
      }
      let probabilities = try ValueParsing.numberList(text, flag: "probs")
      for (index, p) in probabilities.enumerated() where !(p >= 0 && p.isFinite) {
        throw CommandError.data(
          "--probs: entry \(index) is \(NumberFormatting.shortest(p)); probabilities must be finite and ≥ 0"
        )
      }
      return InputVector(
        values: probabilities.map { $0 == 0 ? -.infinity : log($0) }, origin: "--probs")
    }
    return try VectorInput.vector("logits", from: arguments)
  }

  /// Runs chain work, turning sampling errors into data errors (exit 65) naming the origin.
  static func run<Result>(_ origin: String, _ body: () throws -> Result) throws -> Result {
    do {
      return try body()
    } catch let error as SamplingError {
      throw CommandError.data(error.description)
    } catch let error as KelvinError {
      throw CommandError.data("\(origin): \(error)")
    }
  }
}
