// The softmax family on spans: the safe form of Softmax+Buffer.swift (the bounds and the
// lifetime of the memory are the compiler's to check), with the same semantics and bits.

extension Span where Element: BinaryFloatingPoint {
  /// Writes the tempered softmax of these logits to `output`.
  ///
  /// Nothing is written when an error is thrown. For the softmax in place, use
  /// `MutableSpan.formSoftmax(temperature:)`.
  ///
  /// - Parameters:
  ///   - temperature: τ ≥ 0 (default 1); see ``TemperatureRegime``.
  ///   - output: A span with exactly `count` elements.
  /// - Throws: ``KelvinError`` for an empty vector, a NaN or `+inf` logit, all logits masked,
  ///   or a negative or NaN temperature.
  /// - Precondition: `output.count == count`.
  /// - Complexity: O(n).
  public func softmax(temperature: Double = 1, into output: inout MutableSpan<Element>) throws {
    try withUnsafeBufferPointer { logits in
      try output.withUnsafeMutableBufferPointer { probabilities in
        try logits.softmax(temperature: temperature, into: probabilities)
      }
    }
  }

  /// Writes `log softmax(z / τ)` of these logits to `output`.
  ///
  /// - Parameters:
  ///   - temperature: τ ≥ 0 (default 1).
  ///   - output: A span with exactly `count` elements.
  /// - Throws: ``KelvinError`` as ``softmax(temperature:into:)``.
  /// - Precondition: `output.count == count`.
  /// - Complexity: O(n).
  public func logSoftmax(temperature: Double = 1, into output: inout MutableSpan<Element>)
    throws
  {
    try withUnsafeBufferPointer { logits in
      try output.withUnsafeMutableBufferPointer { values in
        try logits.logSoftmax(temperature: temperature, into: values)
      }
    }
  }

  /// Returns `log Σ exp(z_i / τ)` of these logits; see `Array.logSumExp(temperature:)`.
  ///
  /// - Parameter temperature: τ ≥ 0 (default 1).
  /// - Throws: ``KelvinError`` as ``softmax(temperature:into:)``.
  /// - Complexity: O(n).
  public func logSumExp(temperature: Double = 1) throws -> Double {
    try withUnsafeBufferPointer { try $0.logSumExp(temperature: temperature) }
  }
}

extension MutableSpan where Element: BinaryFloatingPoint {
  /// Replaces these logits with their tempered softmax, in place (unchanged on error).
  ///
  /// - Parameter temperature: τ ≥ 0 (default 1).
  /// - Throws: ``KelvinError`` as `Span.softmax(temperature:into:)`.
  /// - Complexity: O(n).
  public mutating func formSoftmax(temperature: Double = 1) throws {
    try withUnsafeMutableBufferPointer { try $0.formSoftmax(temperature: temperature) }
  }

  /// Replaces these logits with `log softmax(z / τ)`, in place (unchanged on error).
  ///
  /// - Parameter temperature: τ ≥ 0 (default 1).
  /// - Throws: ``KelvinError`` as `Span.softmax(temperature:into:)`.
  /// - Complexity: O(n).
  public mutating func formLogSoftmax(temperature: Double = 1) throws {
    try withUnsafeMutableBufferPointer { try $0.formLogSoftmax(temperature: temperature) }
  }
}
