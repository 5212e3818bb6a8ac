import Foundation
import Kelvin

/// What `kelvin generate` prints in each of its modes.
enum GenerateReport {
  /// A sampled text: the summary after the streamed text (table), or one JSON document.
  static func sampled(
    _ generation: Generation, chain: SamplerChain, _ options: GenerateCommand.Options,
    _ tokenizer: any Tokenizer, constraint: RegexConstraint?, _ output: CommandOutput
  ) throws {
    let perplexity = generation.perplexity
    // The constraint's static facts; the mask sizes and the completeness are the generation's.
    var document: GenerateDocuments.Constraint?
    var constraintRow: [[String]] = []
    if let constraint, let complete = generation.constraintIsComplete {
      document = GenerateDocuments.Constraint(
        pattern: constraint.pattern, complete: complete,
        dfaStates: constraint.index.dfa.stateCount, indexBytes: constraint.index.memoryBytes)
      constraintRow = [
        [
          "constraint",
          "\(constraint.name), \(complete ? "matched" : "incomplete: the text is a prefix of a match")",
        ]
      ]
      if !complete {
        output.warn(
          "the text is incomplete: it stopped (\(generation.stopReason.rawValue.replacingOccurrences(of: "_", with: " "))) before a full match of the pattern"
        )
      }
    }
    switch options.format {
    case .json, .jsonl:
      // jsonl: the tokens went out one per line as they came; the summary closes the stream.
      let whole = options.format == .json
      try output.json(
        GenerateDocuments.Sampled(
          prompt: whole ? options.prompt : nil, text: generation.text,
          tokens: whole ? try generation.steps.map { try step(json: $0, options, tokenizer) } : nil,
          perplexity: perplexity, stopReason: generation.stopReason.rawValue,
          chain: chain.specification, constraint: document))
    case .table:
      let cut = generation.stopReason == .stopString ? " [stopped at --stop]" : ""
      let reason = generation.stopReason.rawValue.replacingOccurrences(of: "_", with: " ")
      try output.line("\(cut)\n")
      try output.write(
        TextFormatting.table(
          [
            ["chain", chain.specification], ["tokens", "\(generation.steps.count) (\(reason))"],
            ["perplexity", TextFormatting.fixed(perplexity, decimals: 3)],
          ] + constraintRow, leftAligned: 2))
    }
  }

  /// A speculative run: the text, its perplexity under the target, and what the run did.
  static func speculative(
    _ result: SpeculativeGeneration, chain: SamplerChain, _ options: GenerateCommand.Options,
    _ built: DecodingModel, _ output: CommandOutput
  ) throws {
    let tokens = result.tokens
    let text = try built.text(of: tokens)
    let perplexity = result.perplexity
    let statistics = result.statistics
    let stopped = tokens.last == built.endOfSequence ? "end_of_sequence" : "token_limit"
    switch options.format {
    case .json, .jsonl:
      try output.json(
        GenerateDocuments.Speculative(
          prompt: options.prompt, text: text, tokens: tokens, perplexity: perplexity,
          stopReason: stopped, chain: chain.specification,
          speculative: GenerateDocuments.SpeculativeRun(
            draftOrder: options.draftModel == nil ? options.draftOrder ?? 0 : nil,
            targetOrder: options.draftModel == nil ? options.model.order : nil,
            draftModel: options.draftModel,
            targetModel: options.draftModel.flatMap { _ in options.modelDirectory },
            draftTokens: options.draftTokens,
            figures: GenerateDocuments.SpeculativeFigures(statistics))))
    case .table:
      try output.line(PrintableText.text(options.prompt + text) + "\n")
      try output.write(
        TextFormatting.table(
          [
            ["chain", chain.specification],
            ["tokens", "\(tokens.count) (\(stopped.replacingOccurrences(of: "_", with: " ")))"],
            ["perplexity", TextFormatting.fixed(perplexity, decimals: 3)],
            [
              "speculative",
              options.draftModel.map {
                "draft \(PrintableText.line($0)), target \(PrintableText.line(options.modelDirectory ?? "")), K = \(options.draftTokens)"
              }
                ?? "draft order \(options.draftOrder ?? 0), target order \(options.model.order), K = \(options.draftTokens)",
            ],
            [
              "accepted",
              "\(statistics.accepted) of \(statistics.drafted) drafted (\(TextFormatting.fixed(100 * statistics.acceptanceRate, decimals: 1))%)",
            ],
            [
              "target calls",
              "\(statistics.targetCalls) (\(TextFormatting.fixed(statistics.tokensPerTargetCall, decimals: 2)) tokens a call)",
            ],
          ], leftAligned: 2))
    }
  }

  /// The temperatures and draft lengths of `--speculative-study`.
  static let studyTemperatures = [0, 0.3, 0.7, 1, 1.5]
  static let studyDraftLengths = [2, 4, 8]

  /// `--speculative-study`: acceptance against τ and K on held-out prompts.
  static func speculativeStudy(
    _ options: GenerateCommand.Options, _ built: inout DecodingModel, _ draft: inout DecodingModel,
    _ output: CommandOutput
  ) throws {
    let heldOut = try BuiltInModel.heldOutText()
    let prompts = try StudyPrompt.drawn(from: heldOut, count: options.samples).map {
      try built.encode($0.prompt, what: "a held-out prompt")
    }
    let study = try SpeculativeStudy(
      temperatures: studyTemperatures, draftLengths: studyDraftLengths, prompts: prompts,
      target: &built.model, draft: &draft.model, maxTokens: options.maxTokens
    ) { temperature, prompt in
      try options.chain.chain(sequence: UInt64(prompt), temperature: temperature)
    }
    let draftOrder = options.draftOrder ?? 0
    switch options.format {
    case .json, .jsonl:
      try output.json(
        GenerateDocuments.Study(
          draftOrder: draftOrder, targetOrder: options.model.order, prompts: prompts.count,
          maxTokens: options.maxTokens, chain: try options.chain.chain().specification,
          rows: study.rows.map {
            GenerateDocuments.StudyRow(
              temperature: $0.temperature, draftTokens: $0.draftTokens,
              figures: GenerateDocuments.SpeculativeFigures($0.statistics))
          }))
    case .table:
      try output.line(
        "Speculative sampling: draft order \(draftOrder), target order \(options.model.order), \(prompts.count) held-out prompts, at most \(options.maxTokens) tokens each, --preset \(options.chain.preset.rawValue) with τ varied\n"
      )
      var table = [["τ", "K", "drafted", "accepted", "acceptance", "tokens / target call"]]
      for row in study.rows {
        table.append([
          NumberFormatting.shortest(row.temperature), String(row.draftTokens),
          String(row.statistics.drafted), String(row.statistics.accepted),
          TextFormatting.fixed(100 * row.statistics.acceptanceRate, decimals: 1) + "%",
          TextFormatting.fixed(row.statistics.tokensPerTargetCall, decimals: 2),
        ])
      }
      try output.write(TextFormatting.table(table, leftAligned: 0))
    }
  }

  /// One generated token as JSON: its id, text, raw log-probability, the mask size under a
  /// constraint and the alternatives when asked for.
  static func step(
    json step: GenerationStep, _ options: GenerateCommand.Options, _ tokenizer: any Tokenizer
  ) throws -> GenerateDocuments.Step {
    GenerateDocuments.Step(
      token: step.token, text: step.text, logprob: step.rawLogprob,
      allowedTokens: step.allowedTokens,
      topLogprobs: options.topLogprobs > 0
        ? try step.topLogprobs.map {
          GenerateDocuments.Alternative(
            token: $0.token, text: try tokenizer.decode([$0.token]), logprob: $0.logprob)
        } : nil)
  }

  /// Beam search's hypotheses, best first.
  static func beam(
    _ options: GenerateCommand.Options, width: Int, prompt: [Int], _ built: inout DecodingModel,
    constraint: RegexConstraint?, _ output: CommandOutput
  ) throws {
    let alpha = options.lengthPenalty
    let beams = try beamSearch(
      prompt: prompt, model: &built.model, width: width, maxTokens: options.maxTokens,
      lengthPenalty: alpha, constraint: constraint)
    if let constraint, beams.isEmpty {
      throw CommandError.data(
        "no beam completed a match of \(constraint.name) within --max-tokens \(options.maxTokens)",
        flag: "--max-tokens")
    }
    let texts = try beams.map { try built.text(of: $0.tokens) }
    try list(
      GenerateDocuments.Beams(
        temperature: nil, seed: nil,
        beams: zip(texts, beams).map {
          GenerateDocuments.Beam(
            text: $0, score: $1.score, logprob: $1.logprob, temperedLogprob: nil, key: nil)
        }),
      title: "beam search, width \(width), length penalty \(NumberFormatting.shortest(alpha))"
        + (constraint.map { ", under \($0.name)" } ?? ""),
      columns: [
        ("score", beams.map { TextFormatting.fixed($0.score, decimals: 4) }),
        ("logprob", beams.map { TextFormatting.fixed($0.logprob, decimals: 3) }),
      ], options.format, output)
  }

  /// Stochastic beam search's sequences, largest Gumbel key first.
  static func stochasticBeam(
    _ options: GenerateCommand.Options, width: Int, prompt: [Int], _ built: inout DecodingModel,
    _ output: CommandOutput
  ) throws {
    let temperature = options.chain.settings.temperature ?? 1
    guard temperature > 0 else {
      throw CommandError.usage(
        "--temperature 0 with --stochastic: stochastic beam search samples at τ > 0 (τ = 0 is --beam without --stochastic)"
      )
    }
    let seed = options.chain.seed
    let beams = try stochasticBeamSearch(
      prompt: prompt, model: &built.model, width: width, maxTokens: options.maxTokens,
      temperature: temperature, seed: seed)
    let texts = try beams.map { try built.text(of: $0.tokens) }
    try list(
      GenerateDocuments.Beams(
        temperature: temperature, seed: seed,
        beams: zip(texts, beams).map {
          GenerateDocuments.Beam(
            text: $0, score: nil, logprob: $1.logprob, temperedLogprob: $1.temperedLogprob,
            key: $1.key)
        }),
      title:
        "stochastic beam search, \(width) sequences without replacement at τ = \(NumberFormatting.shortest(temperature)), seed \(seed)",
      columns: [
        ("key", beams.map { TextFormatting.fixed($0.key, decimals: 3) }),
        ("logprob", beams.map { TextFormatting.fixed($0.logprob, decimals: 3) }),
      ], options.format, output)
  }

  /// A ranked list of sequences: the document (`{…, "beams": […]}`), one beam per line as
  /// JSON Lines, or a table of `columns` under `title`.
  static func list(
    _ document: GenerateDocuments.Beams, title: String,
    columns: [(header: String, values: [String])], _ format: OutputFormat,
    _ output: CommandOutput
  ) throws {
    switch format {
    case .jsonl:
      for beam in document.beams { try output.json(beam) }
    case .json:
      try output.json(document)
    case .table:
      try output.line(title + "\n")
      try output.line(
        "  rank" + columns.map { TextFormatting.right($0.header, 10) }.joined() + "  text")
      for (index, beam) in document.beams.enumerated() {
        try output.line(
          "  " + TextFormatting.right(String(index + 1), 4)
            + columns.map { TextFormatting.right($0.values[index], 10) }.joined() + "  "
            + PrintableText.line(beam.text))
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
      let rows = comparison.rows.map {
        GenerateDocuments.ComparisonRow(
          temperature: $0.temperature, perplexity: $0.perplexity, distinct2: $0.distinct2,
          samples: $0.texts)
      }
      if options.format == .jsonl {
        for row in rows { try output.json(row) }
      } else {
        try output.json(
          (GenerateDocuments.Comparison(prompt: prompt, rows: rows)))
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
