import Kelvin

/// What `kelvin bench` prints: the median, min and max of the timed calls and the throughput.
enum BenchReport {
  static func write(
    _ times: [Double], workload: BenchWorkload, _ options: BenchCommand.Options,
    _ output: CommandOutput
  ) throws {
    let median = times[times.count / 2]
    let elements = Double(workload.vocabulary * workload.batch)
    let perElement = median * 1000 / elements
    let kind = workload.isChain ? "chain" : "op"
    let preset = options.preset.map { [("preset", JSONNode.string($0.rawValue))] } ?? []
    switch options.format {
    case .json, .jsonl:
      try output.json(
        JSONNode.object(
          preset + [
            ("vocab", .integer(workload.vocabulary)), ("batch", .integer(workload.batch)),
            ("threads", .integer(options.threads)), (kind, .string(workload.name)),
            ("median_us", .number(median)), ("min_us", .number(times[0])),
            ("max_us", .number(times[times.count - 1])),
            ("iterations", .integer(options.iterations)),
            ("ns_per_element", .number(perElement)),
            ("elements_per_second", .number(elements / median * 1e6)),
          ]))
    case .table:
      let us = { (x: Double) in TextFormatting.fixed(x, decimals: 1) + " µs" }
      let rows: [[String]] = [
        [kind, workload.name], ["vocab × batch", "\(workload.vocabulary) × \(workload.batch)"],
        ["threads", String(options.threads)], ["median", us(median)], ["min", us(times[0])],
        ["max", us(times[times.count - 1])],
        ["per element", TextFormatting.fixed(perElement, decimals: 3) + " ns"],
        ["throughput", TextFormatting.fixed(elements / median, decimals: 1) + " M elements/s"],
      ]
      let named = options.preset.map { [["preset", $0.rawValue]] } ?? []
      try output.write(TextFormatting.table(named + rows, leftAligned: 2))
    }
  }

  /// The figures of `--op tokenize`: load time, then encode and decode per call and in MB/s.
  static func tokenize(
    _ figures: TokenizeBenchmark.Figures, _ options: BenchCommand.Options, _ output: CommandOutput
  ) throws {
    let median = { (times: [Double]) in times[times.count / 2] }
    let encode = median(figures.encodeMicroseconds)
    let decode = median(figures.decodeMicroseconds)
    let rate = { (us: Double) in Double(figures.bytes) / us }  // bytes per µs = MB/s
    switch options.format {
    case .json, .jsonl:
      try output.json(
        JSONNode.object([
          ("op", .string("tokenize")), ("tokenizer", .string(figures.tokenizer)),
          ("input", .string(figures.text)), ("bytes", .integer(figures.bytes)),
          ("tokens", .integer(figures.tokens)), ("texts", .integer(figures.texts)),
          ("load_ms", .number(figures.loadMilliseconds)),
          ("encode_median_us", .number(encode)), ("encode_mb_per_s", .number(rate(encode))),
          ("decode_median_us", .number(decode)), ("decode_mb_per_s", .number(rate(decode))),
          ("round_trips", .bool(figures.roundTrips)), ("iterations", .integer(options.iterations)),
        ]))
    case .table:
      let line = { (us: Double) in
        TextFormatting.fixed(us, decimals: 1) + " µs per call, "
          + TextFormatting.fixed(rate(us), decimals: 2) + " MB/s"
      }
      try output.write(
        TextFormatting.table(
          [
            ["op", "tokenize"], ["tokenizer", PrintableText.line(figures.tokenizer)],
            [
              "text",
              "\(PrintableText.line(figures.text)): \(figures.bytes) bytes in \(figures.texts) text\(figures.texts == 1 ? "" : "s"), \(figures.tokens) tokens",
            ],
            ["load", TextFormatting.fixed(figures.loadMilliseconds, decimals: 1) + " ms"],
            ["encode", line(encode)], ["decode", line(decode)],
            ["round trip", figures.roundTrips ? "decode(encode(text)) == text" : "differs"],
            ["iterations", String(options.iterations)],
          ], leftAligned: 2))
    }
  }

  /// `--op constraint`: the index, then the per-token costs.
  static func constraint(
    _ figures: ConstraintBenchmark.Figures, _ options: BenchCommand.Options,
    _ output: CommandOutput
  ) throws {
    let mask = figures.maskMicroseconds
    let apply = figures.applyMicroseconds
    let median = { (times: [Double]) in times[times.count / 2] }
    switch options.format {
    case .json, .jsonl:
      try output.json(
        JSONNode.object([
          ("op", .string("constraint")), ("vocab", .integer(figures.vocabulary)),
          ("dfa_states", .integer(figures.dfaStates)), ("distinct_masks", .integer(figures.masks)),
          ("index_bytes", .integer(figures.indexBytes)),
          ("index_build_ms", .number(figures.buildMilliseconds)),
          ("path_tokens", .integer(figures.steps)),
          ("mask_median_us", .number(median(mask))), ("mask_max_us", .number(mask[mask.count - 1])),
          ("apply_median_us", .number(median(apply))),
          ("apply_max_us", .number(apply[apply.count - 1])),
          ("iterations", .integer(options.iterations)), ("pattern", .string(figures.pattern)),
        ]))
    case .table:
      let us = { (x: Double) in TextFormatting.fixed(x, decimals: 3) + " µs" }
      try output.write(
        TextFormatting.table(
          [
            [
              "op",
              options.constraint.isGiven
                ? "constraint (\(options.constraint.regex == nil ? "--json-schema" : "--regex"))"
                : "constraint (the bench JSON schema, compact JSON)",
            ],
            [
              "vocab",
              options.tokenizer.map { "\(figures.vocabulary) tokens of \($0)" }
                ?? "\(figures.vocabulary) synthetic byte-level tokens",
            ],
            [
              "index",
              "\(figures.dfaStates) DFA states, \(figures.masks) distinct masks, \(TextFormatting.fixed(Double(figures.indexBytes) / 1_048_576, decimals: 1)) MiB, built in \(TextFormatting.fixed(figures.buildMilliseconds, decimals: 0)) ms",
            ],
            ["path", "\(figures.steps) tokens to a full match"],
            [
              "mask per token",
              "median \(us(median(mask))), max \(us(mask[mask.count - 1])) (look up, accept)",
            ],
            [
              "applied per token",
              "median \(us(median(apply))), max \(us(apply[apply.count - 1])) (the constraint item on V logits)",
            ],
          ], leftAligned: 2))
    }
  }
}
