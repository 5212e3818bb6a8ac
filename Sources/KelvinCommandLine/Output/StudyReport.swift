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

  static func json(_ study: DecodingStudy, _ options: StudyCommand.Options) -> Document {
    Document(
      prompts: study.human.texts.count, maxTokens: options.maxTokens, seed: options.seed,
      strategies: study.strategies.map(Document.Row.init), human: Document.Row(study.human),
      beamBeatsGreedy: Document.Fractions(
        entries: study.beamBeatsGreedy.map { ("\($0.width)", $0.fraction) }))
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

extension StudyReport {
  /// `kelvin study --format json`: one row per strategy and the human row, and how often beam
  /// search beats greedy per width.
  struct Document: Encodable {
    /// One strategy's measures (self-BLEU and Zipf null where they are undefined).
    struct Row: Encodable {
      let name: String
      let perplexity: Double
      let meanLogprob: Double
      let repetition: Double
      let distinct1: Double
      let distinct2: Double
      @EncodedAsNull var selfBLEU4: Double?
      @EncodedAsNull var zipf: Double?
      let length: Double

      init(_ row: DecodingStudy.Row) {
        name = row.name
        perplexity = row.perplexity
        meanLogprob = row.meanLogprob
        repetition = row.repetition
        distinct1 = row.distinct1
        distinct2 = row.distinct2
        selfBLEU4 = row.selfBLEU4
        zipf = row.zipf
        length = row.length
      }

      enum CodingKeys: String, CodingKey {
        case name, perplexity
        case meanLogprob = "mean_logprob"
        case repetition
        case distinct1 = "distinct_1"
        case distinct2 = "distinct_2"
        case selfBLEU4 = "self_bleu4"
        case zipf, length
      }
    }

    /// Numbers under keys in a given order (a beam width each).
    struct Fractions: Encodable {
      let entries: [(String, Double)]

      struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
      }

      func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (key, value) in entries { try container.encode(value, forKey: Key(stringValue: key)) }
      }
    }

    let prompts: Int
    let maxTokens: Int
    let seed: UInt64
    let strategies: [Row]
    let human: Row
    let beamBeatsGreedy: Fractions

    enum CodingKeys: String, CodingKey {
      case prompts
      case maxTokens = "max_tokens"
      case seed, strategies, human
      case beamBeatsGreedy = "beam_beats_greedy"
    }
  }
}
