import Foundation
import Kelvin

/// `kelvin generate`: text from the built-in language model (or one trained on your text),
/// through a sampler chain or beam search.
public enum GenerateCommand: Command {
  /// The command's declaration.
  public static let spec = CommandSpec(
    name: "generate",
    abstract:
      "Generate text with the built-in character-level model: sampled, greedy, or by beam search.",
    discussion: """
      The built-in model is a character-level 6-gram with interpolated Kneser–Ney smoothing, \
      trained at start-up (about a second) on five public-domain books of the King James \
      Version; --corpus trains on any text instead. A newline ends a sequence. Text streams to \
      stdout as it is generated (table format). --temperatures τ1,τ2,… generates --samples \
      texts at each temperature with the same prompt and seeds, and reports each row's \
      perplexity (under the model) and distinct-2 (distinct word bigrams over all).
      """,
    options: [
      .value(
        "prompt", "TEXT", help: "The text to continue.", default: "And the LORD said unto Moses,"),
      .value("max-tokens", "N", help: "The most characters to generate.", default: "200"),
      .value("stop", "TEXT", help: "Stop when the generated text contains this."),
      .value("beam", "W", help: "Beam search with this width instead of sampling."),
      .value("length-penalty", "A", help: "Beam search: rank by logprob / length^A.", default: "1"),
      .value(
        "top-logprobs", "K", help: "List the K likeliest alternatives of each token (JSON).",
        default: "0"),
      .value("temperatures", "T1,T2,…", help: "Compare these temperatures side by side."),
      .value("samples", "N", help: "With --temperatures: samples per temperature.", default: "3"),
    ] + ChainOptions.chainOptions + LanguageModelOptions.options + [.format],
    examples: [
      "kelvin generate --temperatures 0.2,0.8,1.5",
      "kelvin generate --prompt 'In the beginning' --temperature 0.7 --seed 3",
      "kelvin generate --beam 4 --length-penalty 1 --max-tokens 60",
      "kelvin generate --corpus my.txt --order 5 --chain 'top_k=20;temperature=0.9'",
    ])

  /// Generates and prints.
  public static func run(_ arguments: ParsedArguments) throws -> String {
    try run(arguments) { _ in }
  }

  /// Generates, streaming text through `emit` in the table format.
  public static func run(_ arguments: ParsedArguments, emit: (String) -> Void) throws -> String {
    let format = try OutputFormat(arguments)
    let maxTokens = try ValueParsing.count(arguments.required("max-tokens"), flag: "max-tokens")
    let topText = try arguments.required("top-logprobs")
    guard let topLogprobs = Int(topText.trimmingWhitespace()), topLogprobs >= 0 else {
      throw CommandError.usage("--top-logprobs must be a whole number ≥ 0, got '\(topText)'")
    }
    // Check every option before the model trains.
    if let widthText = arguments.value("beam") {
      guard let width = Int(widthText.trimmingWhitespace()), width >= 1 else {
        throw CommandError.usage("--beam must be a whole number ≥ 1, got '\(widthText)'")
      }
    }
    if let list = arguments.value("temperatures") {
      _ = try ValueParsing.temperatureList(list, flag: "temperatures")
    }
    var built = try LanguageModelOptions.model(arguments)
    let promptText = try arguments.required("prompt")
    let prompt = try LanguageModelOptions.encode(promptText, built, what: "--prompt")
    if let widthText = arguments.value("beam") {
      return try beam(
        arguments, widthText: widthText, prompt: prompt, model: &built, maxTokens: maxTokens,
        format: format)
    }
    if let list = arguments.value("temperatures") {
      return try compare(
        arguments, list: list, prompt: prompt, promptText: promptText, model: &built,
        maxTokens: maxTokens, format: format)
    }
    var chain = try ChainOptions.chain(arguments, vocabularySize: built.tokenizer.vocabularySize)
    let stop = arguments.value("stop").map { [$0] } ?? []
    let streaming = format == .table
    if streaming { emit(promptText) }
    let generation = try ChainOptions.run("--prompt") {
      try generate(
        prompt: prompt, model: &built.model, chain: &chain, tokenizer: built.tokenizer,
        maxTokens: maxTokens, stop: stop, topLogprobs: topLogprobs
      ) { step in if streaming { emit(step.text) } }
    }
    let perplexityValue = Foundation.exp(
      -generation.rawLogLikelihood / Double(max(1, generation.steps.count)))
    switch format {
    case .json:
      let tokens: [JSONValue] = generation.steps.map { step in
        var members: [(String, JSONValue)] = [
          ("token", .integer(step.token)), ("text", .string(step.text)),
          ("logprob", .optionalNumber(step.rawLogprob)),
        ]
        if topLogprobs > 0 {
          members.append(
            (
              "top_logprobs",
              .array(
                step.topLogprobs.map {
                  .object([
                    ("token", .integer($0.token)),
                    ("text", .string(built.tokenizer.decode([$0.token]))),
                    ("logprob", .number($0.logprob)),
                  ])
                })
            ))
        }
        return .object(members)
      }
      return JSONValue.object([
        ("prompt", .string(promptText)), ("text", .string(generation.text)),
        ("tokens", .array(tokens)), ("perplexity", .number(perplexityValue)),
        ("stop_reason", .string(generation.stopReason.rawValue)),
        ("chain", .string(chain.specification)),
      ]).serialized + "\n"
    case .table:
      let cut = generation.stopReason == .stopString ? " [stopped at --stop]" : ""
      return "\(cut)\n\n"
        + TextFormatting.table(
          [
            ["chain", chain.specification],
            [
              "tokens",
              "\(generation.steps.count) (\(generation.stopReason.rawValue.replacingOccurrences(of: "_", with: " ")))",
            ],
            ["perplexity", TextFormatting.fixed(perplexityValue, decimals: 3)],
          ], leftAligned: 2)
    }
  }

  static func beam(
    _ arguments: ParsedArguments, widthText: String, prompt: [Int], model: inout BuiltInModel,
    maxTokens: Int, format: OutputFormat
  ) throws -> String {
    guard let width = Int(widthText.trimmingWhitespace()), width >= 1 else {
      throw CommandError.usage("--beam must be a whole number ≥ 1, got '\(widthText)'")
    }
    let alpha = try ValueParsing.number(
      arguments.required("length-penalty"), flag: "length-penalty")
    guard alpha.isFinite else { throw CommandError.usage("--length-penalty must be finite") }
    let beams = try beamSearch(
      prompt: prompt, model: &model.model, width: width, maxTokens: maxTokens, lengthPenalty: alpha)
    let end = model.model.endOfSequence
    let texts = beams.map { model.tokenizer.decode($0.tokens.filter { $0 != end }) }
    switch format {
    case .json:
      return JSONValue.object([
        (
          "beams",
          .array(
            zip(beams, texts).map { beam, text in
              .object([
                ("text", .string(text)), ("score", .number(beam.score)),
                ("logprob", .number(beam.logprob)),
              ])
            })
        )
      ]).serialized + "\n"
    case .table:
      var text =
        "beam search, width \(width), length penalty \(NumberFormatting.shortest(alpha))\n\n"
      text += "  rank     score   logprob  text\n"
      for (index, (beam, continuation)) in zip(beams, texts).enumerated() {
        text += "  " + TextFormatting.right(String(index + 1), 4)
        text += TextFormatting.right(TextFormatting.fixed(beam.score, decimals: 4), 10)
        text += TextFormatting.right(TextFormatting.fixed(beam.logprob, decimals: 3), 10)
        text += "  " + continuation + "\n"
      }
      return text
    }
  }

  static func compare(
    _ arguments: ParsedArguments, list: String, prompt: [Int], promptText: String,
    model: inout BuiltInModel, maxTokens: Int, format: OutputFormat
  ) throws -> String {
    let temperatures = try ValueParsing.temperatureList(list, flag: "temperatures")
    let samples = try ValueParsing.count(arguments.required("samples"), flag: "samples")
    if arguments.isGiven("chain") {
      throw CommandError.usage(
        "--temperatures varies the preset's temperature; it does not apply to --chain")
    }
    var rows: [(temperature: Double, texts: [String], perplexity: Double, distinct: Double)] = []
    for temperature in temperatures {
      var texts: [String] = []
      var logLikelihood = 0.0
      var count = 0
      for sample in 0..<samples {
        var chain = try ChainOptions.chain(
          arguments, vocabularySize: model.tokenizer.vocabularySize, sequence: UInt64(sample)
        ) { $0.temperature = temperature }
        let generation = try ChainOptions.run("--prompt") {
          try generate(
            prompt: prompt, model: &model.model, chain: &chain, tokenizer: model.tokenizer,
            maxTokens: maxTokens)
        }
        texts.append(generation.text)
        logLikelihood += generation.rawLogLikelihood
        count += generation.steps.count
      }
      rows.append(
        (
          temperature, texts, Foundation.exp(-logLikelihood / Double(max(1, count))),
          distinctN(texts, n: 2)
        ))
    }
    switch format {
    case .json:
      return JSONValue.object([
        ("prompt", .string(promptText)),
        (
          "rows",
          .array(
            rows.map { row in
              .object([
                ("temperature", .number(row.temperature)), ("perplexity", .number(row.perplexity)),
                ("distinct_2", .number(row.distinct)),
                ("samples", .array(row.texts.map(JSONValue.string))),
              ])
            })
        ),
      ]).serialized + "\n"
    case .table:
      var text = "prompt: \(promptText)\n"
      for row in rows {
        text +=
          "\nτ = \(NumberFormatting.shortest(row.temperature))   perplexity \(TextFormatting.fixed(row.perplexity, decimals: 2))   distinct-2 \(TextFormatting.fixed(row.distinct, decimals: 2))\n"
        for (index, sample) in row.texts.enumerated() {
          text += "  \(index + 1). \(promptText)\(sample)\n"
        }
      }
      return text
    }
  }
}
