import Kelvin

/// What `kelvin study` prints and draws.
enum StudyReport {
  static func write(
    _ study: DecodingStudy, _ options: StudyCommand.Options, _ output: CommandOutput
  ) throws {
    switch options.format {
    case .json, .jsonl:
      try output.json(json(study, options))
    case .table:
      let decimals = { (value: Double?, places: Int) in
        value.map { TextFormatting.fixed($0, decimals: places) } ?? "—"
      }
      var rows = [
        [
          "strategy", "perplexity", "logprob/char", "repetition", "distinct-1", "distinct-2",
          "self-BLEU-4", "Zipf", "length",
        ]
      ]
      for row in study.strategies + [study.human] {
        rows.append([
          row.name, decimals(row.perplexity, 3), decimals(row.meanLogprob, 3),
          decimals(row.repetition * 100, 0) + "%", decimals(row.distinct1, 3),
          decimals(row.distinct2, 3), decimals(row.selfBLEU4, 3), decimals(row.zipf, 2),
          decimals(row.length, 1),
        ])
      }
      try output.line(
        "decoding study: \(study.human.texts.count) prompts, at most \(options.maxTokens) characters each, seed \(options.seed), order-\(options.model.order) model\n"
      )
      try output.write(TextFormatting.table(rows))
      let beats = study.beamBeatsGreedy.map {
        "beam(\($0.width)) \(TextFormatting.fixed($0.fraction * 100, decimals: 0))%"
      }
      if !beats.isEmpty {
        try output.line(
          "\nbeam beats greedy (strictly higher log-probability at \(options.maxTokens) characters): "
            + beats.joined(separator: ", "))
      }
    }
  }

  static func json(_ study: DecodingStudy, _ options: StudyCommand.Options) -> JSONNode {
    func row(_ row: DecodingStudy.Row) -> JSONNode {
      .object([
        ("name", .string(row.name)), ("perplexity", .number(row.perplexity)),
        ("mean_logprob", .number(row.meanLogprob)), ("repetition", .number(row.repetition)),
        ("distinct_1", .number(row.distinct1)), ("distinct_2", .number(row.distinct2)),
        ("self_bleu4", row.selfBLEU4.map(JSONNode.number) ?? .null),
        ("zipf", row.zipf.map(JSONNode.number) ?? .null), ("length", .number(row.length)),
      ])
    }
    return .object([
      ("prompts", .integer(study.human.texts.count)), ("max_tokens", .integer(options.maxTokens)),
      ("seed", .integer(Int(truncatingIfNeeded: options.seed))),
      ("strategies", .array(study.strategies.map(row))), ("human", row(study.human)),
      (
        "beam_beats_greedy",
        .object(study.beamBeatsGreedy.map { ("\($0.width)", JSONNode.number($0.fraction)) })
      ),
    ])
  }

  /// The likelihood–diversity picture: perplexity across, distinct-2 up.
  static func plot(_ study: DecodingStudy, _ options: StudyCommand.Options) -> String {
    let points =
      study.strategies.map { ScatterPlot.Point(name: $0.name, x: $0.perplexity, y: $0.distinct2) }
      + [
        ScatterPlot.Point(
          name: "human", x: study.human.perplexity, y: study.human.distinct2, isReference: true)
      ]
    return ScatterPlot(
      title: "Decoding strategies: likelihood against diversity",
      summary:
        "Perplexity under the model (across) and distinct word bigrams (up) of \(study.human.texts.count) continuations per strategy, with the human continuations marked.",
      xLabel: "perplexity of the generated text under the model",
      yLabel: "distinct-2", points: points
    ).svg()
  }
}
