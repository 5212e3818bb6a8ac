import KelvinCore

/// One decoding step for a batch: row `r` of the logits is drawn by chain `r`, over threads.
///
/// Every row has its own chain (its own state and random sequence), so the tokens do not
/// depend on the number of threads or on which thread takes a row. The token storage is
/// reused from step to step: a step allocates nothing once the chains have warmed up.
public struct BatchSampler: Sendable {
  /// One chain per row.
  public var chains: [SamplerChain]
  /// The tokens of the last step, one per row.
  public private(set) var tokens: [Int]

  /// Creates a sampler from one chain per row.
  public init(chains: [SamplerChain]) {
    self.chains = chains
    self.tokens = [Int](repeating: 0, count: chains.count)
  }

  /// Draws one token per row of `logits` (`chains.count` rows of `vocabularySize` values).
  ///
  /// This unsafe-buffer form is for a caller that owns raw memory; the `Span` form is the
  /// main entry point.
  ///
  /// - Parameters:
  ///   - logits: The batch, row after row.
  ///   - vocabularySize: The row length.
  ///   - logprobs: Whether each draw also computes its log-probabilities.
  ///   - threads: Threads, ≥ 1.
  /// - Throws: The first row's error (``SamplingError``, `KelvinError`).
  /// - Complexity: one chain draw per row, spread over the threads.
  public mutating func draw(
    _ logits: UnsafeBufferPointer<Float>, vocabularySize: Int, logprobs: Bool = false,
    threads: Int = 1
  ) throws {
    precondition(logits.count == chains.count * vocabularySize, "one row per chain")
    try chains.withUnsafeMutableBufferPointer { chainBuffer in
      try tokens.withUnsafeMutableBufferPointer { tokenBuffer in
        nonisolated(unsafe) let chains = chainBuffer
        nonisolated(unsafe) let tokens = tokenBuffer
        nonisolated(unsafe) let logits = logits
        try ParallelLoop.forEach(chains.count, threads: threads) { row in
          let slice = UnsafeBufferPointer(
            rebasing: logits[(row * vocabularySize)..<((row + 1) * vocabularySize)])
          tokens[row] = try chains[row].draw(slice, logprobs: logprobs).token
        }
      }
    }
  }
}
