// The chain's entry points on spans: the main API for logits a caller holds (an array's
// `span`, a model runtime's output), the safe form of the unsafe-buffer entry points in
// SamplerChain.swift, which remain for callers that own raw memory.

extension SamplerChain {
  /// Runs the processors on `logits` and returns the survivors; see
  /// ``process(_:)-(UnsafeBufferPointer<Float>)``.
  ///
  /// - Throws: As the unsafe-buffer form.
  public mutating func process(_ logits: Span<Float>) throws -> CandidateSet {
    try logits.withUnsafeBufferPointer { try process($0) }
  }

  /// Runs the chain, accepts the token and returns it with its log-probabilities; see
  /// ``sample(_:topLogprobs:logprobs:)-(UnsafeBufferPointer<Float>,_,_)``.
  ///
  /// - Throws: As the unsafe-buffer form.
  public mutating func sample(
    _ logits: Span<Float>, topLogprobs: Int = 0, logprobs: Bool = true
  ) throws -> SampledToken {
    try logits.withUnsafeBufferPointer {
      try sample($0, topLogprobs: topLogprobs, logprobs: logprobs)
    }
  }

  /// Runs the chain without accepting the token; see
  /// ``draw(_:topLogprobs:logprobs:)-(UnsafeBufferPointer<Float>,_,_)``.
  ///
  /// - Throws: As the unsafe-buffer form.
  public mutating func draw(
    _ logits: Span<Float>, topLogprobs: Int = 0, logprobs: Bool = true
  ) throws -> SampledToken {
    try logits.withUnsafeBufferPointer {
      try draw($0, topLogprobs: topLogprobs, logprobs: logprobs)
    }
  }
}

extension CandidateSet {
  /// Refills the set with every token of `logits`, in token order, reusing storage.
  ///
  /// - Complexity: O(n).
  public mutating func reset(logits: Span<Float>) {
    logits.withUnsafeBufferPointer { reset(logits: $0) }
  }

  /// Refills the set with the unmasked tokens of `logits`, checking them in the same pass;
  /// see ``load(_:)-(UnsafeBufferPointer<Float>)``.
  ///
  /// - Returns: The largest logit.
  /// - Throws: As the unsafe-buffer form.
  @discardableResult
  public mutating func load(_ logits: Span<Float>) throws -> Float {
    try logits.withUnsafeBufferPointer { try load($0) }
  }
}

extension BatchSampler {
  /// Draws one token per row of `logits` (`chains.count` rows of `vocabularySize` values);
  /// see ``draw(_:vocabularySize:logprobs:threads:)-(UnsafeBufferPointer<Float>,_,_,_)``.
  ///
  /// - Throws: As the unsafe-buffer form.
  public mutating func draw(
    _ logits: Span<Float>, vocabularySize: Int, logprobs: Bool = false, threads: Int = 1
  ) throws {
    try logits.withUnsafeBufferPointer {
      try draw($0, vocabularySize: vocabularySize, logprobs: logprobs, threads: threads)
    }
  }
}
