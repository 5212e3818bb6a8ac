import Kelvin

/// What `kelvin bench` times: a batch of logits and the call made on it.
struct BenchWorkload {
  /// The batch, row after row.
  let logits: [Float]
  /// The row length.
  let vocabulary: Int
  /// The rows.
  let batch: Int
  /// `softmax`, `greedy` or the chain's specification.
  let name: String
  /// Whether `name` is a chain.
  let isChain: Bool
  var work: [Float]
  var sampler: BatchSampler?
  let options: BenchCommand.Options

  /// Reads or generates the batch and builds the chains.
  ///
  /// - Throws: File errors; ``CommandError`` (64) when the file has fewer rows than `--batch`.
  init(_ options: BenchCommand.Options) throws {
    self.options = options
    let batch = options.batch
    self.batch = batch
    let vocabulary: Int
    if let path = options.input {
      let source = try MatrixFile.open(path)
      guard source.rows >= batch, source.columns > 0 else {
        throw CommandError.usage(
          "--batch \(batch) needs that many rows; \(source.path) holds \(source.rows)",
          flag: "--batch")
      }
      vocabulary = source.columns
      var values = [Float](repeating: 0, count: vocabulary * batch)
      try values.withUnsafeMutableBufferPointer { try source.readRows(0..<batch, into: $0) }
      logits = values
    } else {
      vocabulary = options.vocabulary
      var generator = GaussianLogits(standardDeviation: 3, seed: options.seed)
      logits = generator.next(vocabulary * batch, as: Float.self)
    }
    self.vocabulary = vocabulary
    work = logits
    if let preset = options.preset {
      let chains = try (0..<batch).map {
        try SamplerChain(preset: preset, seed: options.seed, sequence: UInt64($0))
      }
      name = chains[0].specification
      isChain = true
      sampler = BatchSampler(chains: chains)
      return
    }
    let description =
      options.chain ?? (options.operation == .greedy ? ChainDescription([], choice: .greedy) : nil)
    name = options.chain?.specification ?? options.operation.rawValue
    isChain = options.chain != nil
    if let description {
      sampler = BatchSampler(
        chains: (0..<batch).map {
          SamplerChain(description, seed: options.seed, sequence: UInt64($0))
        })
    }
  }

  /// Restores the batch a softmax overwrote (untimed).
  mutating func prepare() {
    guard sampler == nil else { return }
    work.withUnsafeMutableBufferPointer { target in
      logits.withUnsafeBufferPointer { _ = target.initialize(from: $0) }
    }
  }

  /// The timed call.
  mutating func call() throws {
    let threads = options.threads
    if sampler != nil {
      let (vocabulary, logprobs) = (self.vocabulary, options.logprobs)
      try logits.withUnsafeBufferPointer { batch in
        // Mutated in place: the chains keep their storage from call to call.
        try sampler?.draw(batch, vocabularySize: vocabulary, logprobs: logprobs, threads: threads)
      }
      return
    }
    let (length, temperature) = (vocabulary, options.temperature)
    let logarithm = options.operation == .logSoftmax
    try work.withUnsafeMutableBufferPointer {
      try $0.formSoftmaxRows(
        length: length, temperature: temperature, logarithm: logarithm, threads: threads)
    }
  }
}
