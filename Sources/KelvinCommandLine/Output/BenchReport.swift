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
    switch options.format {
    case .json, .jsonl:
      try output.json(
        Timing(
          preset: options.preset?.rawValue, vocab: workload.vocabulary, batch: workload.batch,
          threads: options.threads, kernelLevel: KernelLevel.current.description,
          chain: workload.isChain ? workload.name : nil,
          op: workload.isChain ? nil : workload.name, medianMicroseconds: median,
          minimumMicroseconds: times[0], maximumMicroseconds: times[times.count - 1],
          iterations: options.iterations, nanosecondsPerElement: perElement,
          elementsPerSecond: elements / median * 1e6))
    case .table:
      let us = { (x: Double) in TextFormatting.fixed(x, decimals: 1) + " µs" }
      let rows: [[String]] = [
        [kind, workload.name], ["vocab × batch", "\(workload.vocabulary) × \(workload.batch)"],
        ["threads", String(options.threads)], ["kernels", KernelLevel.current.description],
        ["median", us(median)], ["min", us(times[0])],
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
        TokenizeTiming(
          op: "tokenize", tokenizer: figures.tokenizer, input: figures.text, bytes: figures.bytes,
          tokens: figures.tokens, texts: figures.texts, loadMilliseconds: figures.loadMilliseconds,
          encodeMedianMicroseconds: encode, encodeMegabytesPerSecond: rate(encode),
          decodeMedianMicroseconds: decode, decodeMegabytesPerSecond: rate(decode),
          roundTrips: figures.roundTrips, iterations: options.iterations))
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
        ConstraintTiming(
          op: "constraint", vocab: figures.vocabulary, dfaStates: figures.dfaStates,
          distinctMasks: figures.masks, indexBytes: figures.indexBytes,
          indexBuildMilliseconds: figures.buildMilliseconds, pathTokens: figures.steps,
          maskMedianMicroseconds: median(mask), maskMaximumMicroseconds: mask[mask.count - 1],
          applyMedianMicroseconds: median(apply), applyMaximumMicroseconds: apply[apply.count - 1],
          iterations: options.iterations, pattern: figures.pattern))
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

extension BenchReport {
  /// `--op model`: the load, the prefill and the decode rates, the first token's latency.
  static func model(
    _ figures: ModelBenchmark.Figures, _ options: BenchCommand.Options, _ output: CommandOutput
  ) throws {
    let prefill = figures.prefillMicroseconds[figures.prefillMicroseconds.count / 2]
    let decode = figures.decodeMicroseconds[figures.decodeMicroseconds.count / 2]
    let document = ModelTiming(
      op: "model", model: figures.model, parameters: figures.parameters,
      loadMilliseconds: figures.loadMilliseconds, promptTokens: figures.promptTokens,
      decodeTokens: figures.decodeTokens, runs: figures.prefillMicroseconds.count,
      firstTokenMilliseconds: prefill / 1e3,
      prefillTokensPerSecond: Double(figures.promptTokens) / prefill * 1e6,
      decodeTokensPerSecond: Double(figures.decodeTokens) / decode * 1e6,
      peakResidentBytes: figures.peakResidentBytes)
    switch options.format {
    case .json, .jsonl: try output.json(document)
    case .table:
      let memory = figures.peakResidentBytes.map {
        TextFormatting.fixed(Double($0) / 1_048_576, decimals: 1) + " MiB"
      }
      try output.write(
        TextFormatting.table(
          [
            ["op", "model"], ["model", PrintableText.line(figures.model)],
            ["parameters", String(figures.parameters)],
            ["load", TextFormatting.fixed(figures.loadMilliseconds, decimals: 1) + " ms"],
            [
              "prefill",
              "\(figures.promptTokens) tokens: \(TextFormatting.fixed(document.prefillTokensPerSecond, decimals: 1)) tokens/s, first token after \(TextFormatting.fixed(document.firstTokenMilliseconds, decimals: 2)) ms",
            ],
            [
              "decode",
              "\(figures.decodeTokens) tokens: \(TextFormatting.fixed(document.decodeTokensPerSecond, decimals: 1)) tokens/s",
            ],
            ["peak memory", memory ?? "unknown"], ["runs", "\(document.runs) (medians)"],
          ], leftAligned: 2))
    }
  }

  /// `kelvin bench --op model --format json`.
  struct ModelTiming: Encodable {
    let op: String
    let model: String
    let parameters: Int
    let loadMilliseconds: Double
    let promptTokens: Int
    let decodeTokens: Int
    let runs: Int
    let firstTokenMilliseconds: Double
    let prefillTokensPerSecond: Double
    let decodeTokensPerSecond: Double
    let peakResidentBytes: Int?

    enum CodingKeys: String, CodingKey {
      case op, model, parameters
      case loadMilliseconds = "load_ms"
      case promptTokens = "prompt_tokens"
      case decodeTokens = "decode_tokens"
      case runs
      case firstTokenMilliseconds = "first_token_ms"
      case prefillTokensPerSecond = "prefill_tokens_per_s"
      case decodeTokensPerSecond = "decode_tokens_per_s"
      case peakResidentBytes = "peak_resident_bytes"
    }
  }

  /// `kelvin bench --format json` for a chain, a preset or an op: what was timed and the
  /// figures (`preset` only with `--preset`; `chain` or `op`, whichever was timed).
  struct Timing: Encodable {
    let preset: String?
    let vocab: Int
    let batch: Int
    let threads: Int
    let kernelLevel: String
    let chain: String?
    let op: String?
    let medianMicroseconds: Double
    let minimumMicroseconds: Double
    let maximumMicroseconds: Double
    let iterations: Int
    let nanosecondsPerElement: Double
    let elementsPerSecond: Double

    enum CodingKeys: String, CodingKey {
      case preset, vocab, batch, threads
      case kernelLevel = "kernel_level"
      case chain, op
      case medianMicroseconds = "median_us"
      case minimumMicroseconds = "min_us"
      case maximumMicroseconds = "max_us"
      case iterations
      case nanosecondsPerElement = "ns_per_element"
      case elementsPerSecond = "elements_per_second"
    }
  }

  /// `kelvin bench --op tokenize --format json`.
  struct TokenizeTiming: Encodable {
    let op: String
    let tokenizer: String
    let input: String
    let bytes: Int
    let tokens: Int
    let texts: Int
    let loadMilliseconds: Double
    let encodeMedianMicroseconds: Double
    let encodeMegabytesPerSecond: Double
    let decodeMedianMicroseconds: Double
    let decodeMegabytesPerSecond: Double
    let roundTrips: Bool
    let iterations: Int

    enum CodingKeys: String, CodingKey {
      case op, tokenizer, input, bytes, tokens, texts
      case loadMilliseconds = "load_ms"
      case encodeMedianMicroseconds = "encode_median_us"
      case encodeMegabytesPerSecond = "encode_mb_per_s"
      case decodeMedianMicroseconds = "decode_median_us"
      case decodeMegabytesPerSecond = "decode_mb_per_s"
      case roundTrips = "round_trips"
      case iterations
    }
  }

  /// `kelvin bench --op constraint --format json`.
  struct ConstraintTiming: Encodable {
    let op: String
    let vocab: Int
    let dfaStates: Int
    let distinctMasks: Int
    let indexBytes: Int
    let indexBuildMilliseconds: Double
    let pathTokens: Int
    let maskMedianMicroseconds: Double
    let maskMaximumMicroseconds: Double
    let applyMedianMicroseconds: Double
    let applyMaximumMicroseconds: Double
    let iterations: Int
    let pattern: String

    enum CodingKeys: String, CodingKey {
      case op, vocab
      case dfaStates = "dfa_states"
      case distinctMasks = "distinct_masks"
      case indexBytes = "index_bytes"
      case indexBuildMilliseconds = "index_build_ms"
      case pathTokens = "path_tokens"
      case maskMedianMicroseconds = "mask_median_us"
      case maskMaximumMicroseconds = "mask_max_us"
      case applyMedianMicroseconds = "apply_median_us"
      case applyMaximumMicroseconds = "apply_max_us"
      case iterations, pattern
    }
  }
}
