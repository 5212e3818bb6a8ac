// The softmax family on arrays: the form most callers want.

extension Array where Element: BinaryFloatingPoint {
  /// Returns the tempered softmax `exp(z_i / τ) / Σ_j exp(z_j / τ)` of these logits.
  ///
  /// Temperature follows ``TemperatureRegime``: τ = 0 shares all probability equally among
  /// the maximal logits (one-hot for a unique maximum), τ = `.infinity` is uniform over the
  /// unmasked tokens. A logit of `-inf` masks its token: its probability is exactly 0.
  ///
  /// Computed max-shifted: stable for logits of any finite magnitude and any τ from the
  /// smallest subnormal to the largest finite double. `Double` (and other) elements are
  /// computed in `Double` (relative error at most `(|x| + 3)·2⁻⁵²`, x the shifted exponent);
  /// `Float` elements at a temperature whose reciprocal is a normal `Float` take the vectorised
  /// `Float` kernels (relative error below 1e-5 for every probability above 1e-30, the same
  /// bits on every CPU), other temperatures the `Double` path (within 1 ulp).
  ///
  /// ```swift
  /// let p = try [2.0, 1.0, 0.5, 0.1].softmax(temperature: 0.5)
  /// // p ≈ [0.8282, 0.1121, 0.0412, 0.0185]
  /// ```
  ///
  /// - Parameter temperature: τ ≥ 0 (default 1).
  /// - Returns: Probabilities in the same order, summing to 1 up to rounding.
  /// - Throws: ``KelvinError`` for an empty vector, a NaN or `+inf` logit, all logits masked,
  ///   or a negative or NaN temperature.
  /// - Complexity: O(n).
  @inlinable
  public func softmax(temperature: Double = 1) throws -> [Element] {
    try transformed { logits, output in
      try SoftmaxKernels.softmax(logits, into: output, temperature: temperature)
    }
  }

  /// Returns `log softmax(z / τ)` of these logits, computed without forming the probabilities,
  /// so that tiny probabilities keep their full relative precision.
  ///
  /// Masked tokens get `-inf`. At τ = 0 the maximal logits get `-log k` (k ties) and all others
  /// `-inf`; at τ = `.infinity` every unmasked token gets `-log n`.
  ///
  /// - Parameter temperature: τ ≥ 0 (default 1).
  /// - Returns: Log-probabilities in nats, in the same order.
  /// - Throws: ``KelvinError`` as ``softmax(temperature:)``.
  /// - Complexity: O(n).
  @inlinable
  public func logSoftmax(temperature: Double = 1) throws -> [Element] {
    try transformed { logits, output in
      try SoftmaxKernels.logSoftmax(logits, into: output, temperature: temperature)
    }
  }

  /// Returns `log Σ exp(z_i / τ)`, the log of the partition function, as a `Double`.
  ///
  /// At τ = `.infinity` this is `log n` over the unmasked tokens. At τ = 0 it is the limit of
  /// the expression: `+inf` for a positive maximum, `-inf` for a negative one, `log k` when the
  /// maximum is exactly 0 and k logits attain it. The result is a `Double` even for `Float`
  /// logits, because `max / τ` can exceed the range of `Float`.
  ///
  /// - Parameter temperature: τ ≥ 0 (default 1).
  /// - Throws: ``KelvinError`` as ``softmax(temperature:)``.
  /// - Complexity: O(n).
  @inlinable
  public func logSumExp(temperature: Double = 1) throws -> Double {
    try withUnsafeBufferPointer { try SoftmaxKernels.logSumExp($0, temperature: temperature) }
  }

  /// Runs a kernel from this array into a new array of the same length.
  @inlinable
  func transformed(
    _ kernel: (UnsafeBufferPointer<Element>, UnsafeMutableBufferPointer<Element>) throws -> Void
  ) throws -> [Element] {
    try withUnsafeBufferPointer { logits in
      try [Element](unsafeUninitializedCapacity: logits.count) { output, initialized in
        // Initialise first so that a throwing kernel leaves no uninitialised memory behind.
        output.initialize(repeating: 0)
        initialized = logits.count
        try kernel(logits, output)
      }
    }
  }
}
