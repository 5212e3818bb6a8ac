import Foundation
import Kelvin

/// What `kelvin generate` prints in each of its modes.
enum GenerateReport {
  /// A sampled text: the summary after the streamed text (table), or one JSON document.
  static func sampled(
    _ generation: Generation, chain: SamplerChain, _ options: GenerateCommand.Options,
    _ tokenizer: CharacterTokenizer, _ output: CommandOutput
  ) throws {
    let perplexity = exp(-generation.rawLogLikelihood / Double(max(1, generation.steps.count)))
    switch options.format {
    case .jsonl:
      // The tokens went out one per line as they came; the summary closes the stream.
      try output.json(
        .object([
          ("text", .string(generation.text)), ("perplexity", .number(perplexity)),
          ("stop_reason", .string(generation.stopReason.rawValue)),
          ("chain", .string(chain.specification)),
        ]))
    case .json:
      let tokens = generation.steps.map { step(json: $0, options, tokenizer) }
      try output.json(
        JSONValue.object([
          ("prompt", .string(options.prompt)), ("text", .string(generation.text)),
          ("tokens", .array(tokens)), ("perplexity", .number(perplexity)),
          ("stop_reason", .string(generation.stopReason.rawValue)),
          ("chain", .string(chain.specification)),
        ]))
    case .table:
      let cut = generation.stopReason == .stopString ? " [stopped at --stop]" : ""
      let reason = generation.stopReason.rawValue.replacingOccurrences(of: "_", with: " ")
      try output.line("\(cut)\n")
      try output.write(
        TextFormatting.table(
          [
            ["chain", chain.specification], ["tokens", "\(generation.steps.count) (\(reason))"],
            ["perplexity", TextFormatting.fixed(perplexity, decimals: 3)],
          ], leftAligned: 2))
    }
  }

  /// One generated token as JSON: its id, text, raw log-probability and alternatives.
  static func step(
    json step: GenerationStep, _ options: GenerateCommand.Options, _ tokenizer: CharacterTokenizer
  ) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("token", .integer(step.token)), ("text", .string(step.text)),
      ("logprob", .optionalNumber(step.rawLogprob)),
    ]
    if options.topLogprobs > 0 {
      let alternatives: [JSONValue] = step.topLogprobs.map {
        .object([
          ("token", .integer($0.token)), ("text", .string(tokenizer.decode([$0.token]))),
          ("logprob", .number($0.logprob)),
        ])
      }
      members.append(("top_logprobs", .array(alternatives)))
    }
    return .object(members)
  }

  /// Beam search's hypotheses, best first.
  static func beam(
    _ options: GenerateCommand.Options, width: Int, prompt: [Int], _ built: inout BuiltInModel,
    _ output: CommandOutput
  ) throws {
    let alpha = options.lengthPenalty
    let beams = try beamSearch(
      prompt: prompt, model: &built.model, width: width, maxTokens: options.maxTokens,
      lengthPenalty: alpha)
    let end = built.model.endOfSequence
    let texts = beams.map { built.tokenizer.decode($0.tokens.filter { $0 != end }) }
    switch options.format {
    case .json, .jsonl:
      let list: [JSONValue] = zip(beams, texts).map { beam, text in
        .object([
          ("text", .string(text)), ("score", .number(beam.score)),
          ("logprob", .number(beam.logprob)),
        ])
      }
      if options.format == .jsonl {
        for beam in list { try output.json(beam) }
      } else {
        try output.json(JSONValue.object([("beams", .array(list))]))
      }
    case .table:
      try output.line(
        "beam search, width \(width), length penalty \(NumberFormatting.shortest(alpha))\n")
      try output.line("  rank     score   logprob  text")
      for (index, (beam, continuation)) in zip(beams, texts).enumerated() {
        try output.line(
          "  " + TextFormatting.right(String(index + 1), 4)
            + TextFormatting.right(TextFormatting.fixed(beam.score, decimals: 4), 10)
            + TextFormatting.right(TextFormatting.fixed(beam.logprob, decimals: 3), 10)
            + "  " + PrintableText.line(continuation))
      }
    }
  }

  /// The temperature comparison: each row's measures and texts.
  static func comparison(
    _ comparison: TemperatureComparison, prompt: String, _ options: GenerateCommand.Options,
    _ output: CommandOutput
  ) throws {
    switch options.format {
    case .json, .jsonl:
      let rows: [JSONValue] = comparison.rows.map { row in
        .object([
          ("temperature", .number(row.temperature)), ("perplexity", .number(row.perplexity)),
          ("distinct_2", .number(row.distinct2)),
          ("samples", .array(row.texts.map(JSONValue.string))),
        ])
      }
      if options.format == .jsonl {
        for row in rows { try output.json(row) }
      } else {
        try output.json(JSONValue.object([("prompt", .string(prompt)), ("rows", .array(rows))]))
      }
    case .table:
      try output.line("prompt: \(PrintableText.line(prompt))")
      for row in comparison.rows {
        try output.line(
          "\nτ = \(NumberFormatting.shortest(row.temperature))   perplexity "
            + "\(TextFormatting.fixed(row.perplexity, decimals: 2))   distinct-2 "
            + TextFormatting.fixed(row.distinct2, decimals: 2))
        for (index, sample) in row.texts.enumerated() {
          try output.line("  \(index + 1). \(PrintableText.line(prompt + sample))")
        }
      }
    }
  }
}
