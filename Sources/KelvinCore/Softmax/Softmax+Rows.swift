extension UnsafeMutableBufferPointer where Element == Float {
  /// Replaces every row of a batch (rows of `length` values, one after another) by its
  /// softmax at `temperature`, or its log-softmax, over `threads` threads.
  ///
  /// Each row is transformed independently, so the result does not depend on the number of
  /// threads.
  ///
  /// - Parameters:
  ///   - length: The row length, ≥ 1; the buffer holds a whole number of rows.
  ///   - temperature: τ ≥ 0.
  ///   - logarithm: Whether to write log-probabilities.
  ///   - threads: Threads the rows are handed out to (one at a time), ≥ 1.
  /// - Throws: The first row's `KelvinError` (a NaN logit, every logit masked, τ < 0).
  /// - Complexity: O(n) work, spread over the threads.
  public func formSoftmaxRows(
    length: Int, temperature: Double, logarithm: Bool = false, threads: Int = 1
  ) throws {
    precondition(length >= 1 && count % length == 0, "the buffer must hold whole rows")
    nonisolated(unsafe) let rows = self
    try ParallelLoop.forEach(count / length, threads: threads) { row in
      let slice = UnsafeMutableBufferPointer(rebasing: rows[(row * length)..<((row + 1) * length)])
      if logarithm {
        try slice.formLogSoftmax(temperature: temperature)
      } else {
        try slice.formSoftmax(temperature: temperature)
      }
    }
  }
}
