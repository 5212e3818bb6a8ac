import KelvinCore

/// An ordered list of logits processors followed by a final choice: one step of decoding.
///
/// Processors run in exactly the order given (order matters: top-p after temperature is not
/// top-p before it). A chain belongs to one sequence: stateful processors remember that
/// sequence's tokens. Its randomness comes from ``SamplingStream`` keyed by `(seed, sequence,
/// step)`, so the same seed gives the same tokens on every platform, build and thread count,
/// and a batch gives the same tokens as one sequence at a time.
///
/// The chain owns a ``CandidateSet`` that it refills each step, so sampling allocates nothing
/// per token once the set has grown to the vocabulary.
public struct SamplerChain: Sendable {
  /// The processors, in order.
  ///
  /// Processors whose parameters make them the identity (``LogitsProcessor/isIdentity``) stay
  /// in the list, and in ``specification``, but are skipped when the chain runs: they neither
  /// process nor learn tokens, so the first processor that does work meets the raw logits and
  /// can be fused with the first pass over them.
  public var processors: [any LogitsProcessor] {
    get { stages }
    set {
      stages = newValue
      working = Self.workingPositions(of: newValue)
    }
  }
  /// The processors, as stored (``processors`` is their public face).
  var stages: [any LogitsProcessor]
  /// The positions in ``stages`` of the processors that do work, in order.
  var working: [Int]
  /// The final choice.
  public var choice: FinalChoice
  /// The seed of the random streams.
  public let seed: UInt64
  /// The sequence this chain samples for (the second key of the random stream).
  public let sequence: UInt64
  /// The next step's index (the third key of the random stream); advanced by ``accept(_:)``.
  public var step: UInt64 = 0
  /// The reusable candidate set.
  var candidates = CandidateSet()
  /// Whether the leading processors may be fused into passes over the raw logits
  /// (`SamplerChain+FusedFront.swift`); the results are the same either way, and the tests turn
  /// it off to compare.
  var fusesFirstPasses = true

  /// Creates a chain.
  public init(
    _ processors: [any LogitsProcessor], choice: FinalChoice = .distribution, seed: UInt64 = 0,
    sequence: UInt64 = 0
  ) {
    self.stages = processors
    self.working = Self.workingPositions(of: processors)
    self.choice = choice
    self.seed = seed
    self.sequence = sequence
  }

  /// The positions of the processors that are not the identity.
  static func workingPositions(of processors: [any LogitsProcessor]) -> [Int] {
    processors.indices.filter { !processors[$0].isIdentity }
  }

  /// Runs the processors (not the final choice) on `logits` and returns the survivors.
  ///
  /// This unsafe-buffer form is for a caller that owns raw memory; the `Span` form is the
  /// main entry point.
  ///
  /// - Throws: `KelvinError` for NaN or `+inf` logits, or all masked; ``SamplingError`` from a
  ///   processor or when one removes every candidate.
  /// - Complexity: that of the processors; O(n) to build the set.
  public mutating func process(_ logits: UnsafeBufferPointer<Float>) throws -> CandidateSet {
    var context = SamplingContext(
      random: SamplingStream.generator(seed: seed, sequence: sequence, step: step),
      vocabularySize: logits.count)
    try runProcessors(logits, context: &context)
    return candidates
  }

  /// Runs the processors and the final choice, accepts the token (so stateful processors learn
  /// it and the step advances), and returns it with its log-probabilities.
  ///
  /// This unsafe-buffer form is for a caller that owns raw memory; the `Span` form is the
  /// main entry point.
  ///
  /// - Parameters:
  ///   - logits: The model's logits for this step (τ = 1).
  ///   - topLogprobs: How many raw alternatives to report (0 for none).
  /// - Throws: As ``process(_:)``.
  public mutating func sample(
    _ logits: UnsafeBufferPointer<Float>, topLogprobs: Int = 0, logprobs: Bool = true
  ) throws -> SampledToken {
    let sampled = try draw(logits, topLogprobs: topLogprobs, logprobs: logprobs)
    accept(sampled.token)
    return sampled
  }

  /// Like ``sample(_:topLogprobs:logprobs:)`` but without accepting the token: stateful
  /// processors do not learn it and the step does not advance.
  ///
  /// This unsafe-buffer form is for a caller that owns raw memory; the `Span` form is the
  /// main entry point.
  ///
  /// `logprobs: false` skips the passes that the log-probabilities need (one over the
  /// survivors, one over the whole vocabulary); `logprob` and `rawLogprob` are then `nil`.
  ///
  /// - Throws: As ``process(_:)``.
  public mutating func draw(
    _ logits: UnsafeBufferPointer<Float>, topLogprobs: Int = 0, logprobs: Bool = true
  ) throws -> SampledToken {
    if working.isEmpty, choice == .greedy, !logprobs, topLogprobs == 0 {
      // Greedy alone without log-probabilities: one selecting pass, no candidate set, nothing
      // allocated.
      var index: Int32 = 0
      var value: Float = 0
      let found = withUnsafeMutablePointer(to: &index) { indexPointer in
        withUnsafeMutablePointer(to: &value) { valuePointer in
          FloatVectorKernels.largest(
            1, in: logits, indices: UnsafeMutableBufferPointer(start: indexPointer, count: 1),
            values: UnsafeMutableBufferPointer(start: valuePointer, count: 1))
        }
      }
      if found == 1 {
        return SampledToken(
          token: Int(index), processedLogprob: nil, rawLogprob: nil, topLogprobs: [])
      }
    }
    var context = SamplingContext(
      random: SamplingStream.generator(seed: seed, sequence: sequence, step: step),
      vocabularySize: logits.count)
    try runProcessors(logits, context: &context)
    let position = choose(random: &context.random)
    let token = Int(candidates.tokens[position])
    guard logprobs || topLogprobs > 0 else {
      return SampledToken(token: token, processedLogprob: nil, rawLogprob: nil, topLogprobs: [])
    }
    let raw = try RawDistribution(logits)
    return SampledToken(
      token: token,
      processedLogprob: logprobs
        ? Double(candidates.logits[position]) - candidates.logSumExp() : nil,
      rawLogprob: logprobs ? raw.logprob(of: token) : nil,
      topLogprobs: topLogprobs > 0 ? raw.top(topLogprobs) : [])
  }

  /// Teaches every processor a generated token and advances the step.
  public mutating func accept(_ token: Int) {
    for index in working { stages[index].accept(token) }
    step += 1
  }

  /// Teaches every processor a prompt token (the step does not advance).
  public mutating func acceptPrompt(_ token: Int) {
    for index in working { stages[index].acceptPrompt(token) }
  }

  /// Forgets every accepted token and restarts at step 0.
  public mutating func reset() {
    for index in working { stages[index].reset() }
    step = 0
  }

  mutating func runProcessors(
    _ logits: UnsafeBufferPointer<Float>, context: inout SamplingContext
  ) throws {
    var start = 0
    switch try fusedFront(logits) {
    case .notApplied: try candidates.load(logits)
    case .applied(let processors): start = processors
    }
    for index in working.dropFirst(start) {
      try stages[index].process(&candidates, context: &context)
      guard candidates.count > 0 else {
        throw SamplingError.noCandidates(after: stages[index].specification)
      }
    }
  }

  /// The position of the final choice among the survivors.
  mutating func choose(random: inout Xoshiro256StarStar) -> Int {
    switch choice {
    case .greedy:
      if candidates.order == .byToken {
        // The first occurrence of the maximum has the lowest id.
        let maximum = candidates.maximumLogit
        let n = candidates.count
        let first =
          candidates.logits.withUnsafeBufferPointer {
            FloatVectorKernels.firstIndex(of: maximum, in: UnsafeBufferPointer(rebasing: $0[0..<n]))
          } ?? 0
        return first
      }
      var best = 0
      for index in 1..<candidates.count {
        let logit = candidates.logits[index]
        let bestLogit = candidates.logits[best]
        if logit > bestLogit
          || (logit == bestLogit && candidates.tokens[index] < candidates.tokens[best])
        {
          best = index
        }
      }
      return best
    case .distribution:
      candidates.sortByToken()
      return candidates.drawPosition(random.nextUnitInterval())
    }
  }
}

extension CandidateSet {
  /// The position a draw with uniform `u` in [0, 1) picks, each candidate with probability
  /// proportional to its weight `exp(logit − max)`.
  ///
  /// The weights are the canonical exponential terms of the C kernels, computed a block of 256
  /// candidates at a time; the block sums are added in order to the total, `u · total` is the
  /// target, the block whose running sum first exceeds it is found, and inside it the
  /// candidates' weights are added (in `Double`, in order) until they exceed it. Every step is a
  /// fixed IEEE operation, so a seed draws the same token on every CPU and platform. (If the
  /// rounding of the sums inside the block leaves the target unreached, the block's last
  /// candidate of positive weight is drawn, or the last of all when the block has none.)
  ///
  /// - Complexity: O(n) vectorised for the weights, O(n / 256 + 256) for the walk.
  mutating func drawPosition(_ u: Double) -> Int {
    let n = count
    let maximum = maximumLogit
    Self.grow(&narrowScratch, to: n)
    Self.grow(&scratch, to: (n + 255) / 256)
    return logits.withUnsafeBufferPointer { values in
      narrowScratch.withUnsafeMutableBufferPointer { weights in
        scratch.withUnsafeMutableBufferPointer { blockSums in
          var total = 0.0
          var block = 0
          var start = 0
          while start < n {
            let end = min(n, start + 256)
            let sum = FloatVectorKernels.exponentialSum(
              UnsafeBufferPointer(rebasing: values[start..<end]),
              into: UnsafeMutableBufferPointer(rebasing: weights[start..<end]), shift: maximum
            ).sum
            blockSums[block] = sum
            total += sum
            block += 1
            start = end
          }
          let target = u * total
          var cumulative = 0.0
          var chosen = 0
          while chosen < block - 1, cumulative + blockSums[chosen] <= target {
            cumulative += blockSums[chosen]
            chosen += 1
          }
          var last = -1
          for position in (chosen * 256)..<min(n, chosen * 256 + 256) where weights[position] > 0 {
            cumulative += Double(weights[position])
            last = position
            if cumulative > target { return position }
          }
          // The largest logit has weight 1, so some candidate has a positive weight.
          return last >= 0 ? last : (0..<n).last { weights[$0] > 0 } ?? 0
        }
      }
    }
  }
}

/// The model's own distribution (τ = 1, nothing truncated), for raw log-probabilities.
struct RawDistribution {
  let logits: UnsafeBufferPointer<Float>
  let logSum: Double

  init(_ logits: UnsafeBufferPointer<Float>) throws {
    self.logits = logits
    self.logSum = try logits.logSumExp()
  }

  func logprob(of token: Int) -> Double { Double(logits[token]) - logSum }

  /// The `k` most likely tokens, most likely first, ties by lower id.
  func top(_ k: Int) -> [SampledToken.Alternative] {
    var set = CandidateSet()
    set.reset(logits: logits)
    set.removeMasked()
    set.keepHighest(min(k, set.count))
    return (0..<set.count).map {
      SampledToken.Alternative(token: Int(set.tokens[$0]), logprob: Double(set.logits[$0]) - logSum)
    }
  }
}
