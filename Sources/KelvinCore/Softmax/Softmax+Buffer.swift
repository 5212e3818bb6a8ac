// The softmax family on unsafe buffers, for callers that own their memory (model runtimes,
// batched rows of a matrix). Same semantics and accuracy as the array forms; Softmax+Span.swift
// holds the safe forms on spans.

extension UnsafeBufferPointer where Element: BinaryFloatingPoint {
  /// Writes the tempered softmax of these logits to `output`.
  ///
  /// `output` may be the same memory as `self`. Nothing is written when an error is thrown.
  ///
  /// - Parameters:
  ///   - temperature: τ ≥ 0 (default 1); see ``TemperatureRegime``.
  ///   - output: A buffer with exactly `count` elements.
  /// - Throws: ``KelvinError`` for an empty vector, a NaN or `+inf` logit, all logits masked,
  ///   or a negative or NaN temperature.
  /// - Precondition: `output.count == count`.
  /// - Complexity: O(n).
  @inlinable
  public func softmax(temperature: Double = 1, into output: UnsafeMutableBufferPointer<Element>)
    throws
  {
    try SoftmaxKernels.softmax(self, into: output, temperature: temperature)
  }

  /// Writes `log softmax(z / τ)` of these logits to `output` (which may alias `self`).
  ///
  /// - Parameters:
  ///   - temperature: τ ≥ 0 (default 1).
  ///   - output: A buffer with exactly `count` elements.
  /// - Throws: ``KelvinError`` as ``softmax(temperature:into:)``.
  /// - Precondition: `output.count == count`.
  /// - Complexity: O(n).
  @inlinable
  public func logSoftmax(
    temperature: Double = 1, into output: UnsafeMutableBufferPointer<Element>
  ) throws {
    try SoftmaxKernels.logSoftmax(self, into: output, temperature: temperature)
  }

  /// Returns `log Σ exp(z_i / τ)` of these logits; see `Array.logSumExp(temperature:)`.
  ///
  /// - Parameter temperature: τ ≥ 0 (default 1).
  /// - Throws: ``KelvinError`` as ``softmax(temperature:into:)``.
  /// - Complexity: O(n).
  @inlinable
  public func logSumExp(temperature: Double = 1) throws -> Double {
    try SoftmaxKernels.logSumExp(self, temperature: temperature)
  }
}

extension UnsafeMutableBufferPointer where Element: BinaryFloatingPoint {
  /// Replaces these logits with their tempered softmax, in place.
  ///
  /// The buffer is left unchanged when an error is thrown.
  ///
  /// - Parameter temperature: τ ≥ 0 (default 1).
  /// - Throws: ``KelvinError`` for an empty vector, a NaN or `+inf` logit, all logits masked,
  ///   or a negative or NaN temperature.
  /// - Complexity: O(n).
  @inlinable
  public func formSoftmax(temperature: Double = 1) throws {
    try SoftmaxKernels.softmax(UnsafeBufferPointer(self), into: self, temperature: temperature)
  }

  /// Replaces these logits with `log softmax(z / τ)`, in place.
  ///
  /// - Parameter temperature: τ ≥ 0 (default 1).
  /// - Throws: ``KelvinError`` as ``formSoftmax(temperature:)``.
  /// - Complexity: O(n).
  @inlinable
  public func formLogSoftmax(temperature: Double = 1) throws {
    try SoftmaxKernels.logSoftmax(
      UnsafeBufferPointer(self), into: self, temperature: temperature)
  }
}
