import KelvinCore

/// The k-armed testbed of Sutton and Barto, chapter 2: in each run the true values are
/// `q*(a) ~ N(0, 1)`, each reward `~ N(q*(a), 1)`; policies learn from scratch in every run.
///
/// Run `r` draws everything — the true values, the rewards and the policy's own choices — from
/// one xoshiro256** stream seeded with `SplitMix64(seed ^ (r · 0x9E3779B97F4A7C15))`, normals
/// by Box–Muller (`nextStandardNormal`, two uniforms each). Runs are summed in fixed chunks
/// of 25 that are combined in order, so the curves are bit-identical for every thread count.
public struct BanditTestbed: Sendable {
  /// Arms per bandit.
  public var arms = 10
  /// Independent runs.
  public var runs = 2000
  /// Steps per run.
  public var steps = 1000
  /// The seed of all runs.
  public var seed: UInt64 = 0

  /// Creates a testbed with the textbook sizes.
  public init(arms: Int = 10, runs: Int = 2000, steps: Int = 1000, seed: UInt64 = 0) {
    self.arms = arms
    self.runs = runs
    self.steps = steps
    self.seed = seed
  }

  /// The averages over runs, per step.
  public struct Curve: Sendable, Equatable {
    /// Mean reward at each step.
    public let averageReward: [Double]
    /// Fraction of runs that chose an optimal arm at each step.
    public let optimalActionFraction: [Double]

    /// The mean over all steps of the average reward.
    public var overallReward: Double {
      averageReward.reduce(0, +) / Double(max(1, averageReward.count))
    }
    /// The mean over all steps of the optimal-action fraction.
    public var overallOptimal: Double {
      optimalActionFraction.reduce(0, +) / Double(max(1, optimalActionFraction.count))
    }
  }

  static let chunk = 25

  /// Runs `policy` on every run, over `threads` threads.
  ///
  /// - Parameter progress: Called with the fraction of runs done (from any thread).
  /// - Throws: ``ExplorationError`` when the policy diverges in some run.
  /// - Complexity: runs · steps · (policy step + arms).
  public func run(
    _ policy: some BanditPolicy, threads: Int = 1, progress: @Sendable (Double) -> Void = { _ in }
  ) throws -> Curve {
    let chunks = (runs + Self.chunk - 1) / Self.chunk
    var rewardSums = [[Double]](repeating: [], count: chunks)
    var optimalCounts = [[Int]](repeating: [], count: chunks)
    let testbed = self
    try rewardSums.withUnsafeMutableBufferPointer { rewardBuffer in
      try optimalCounts.withUnsafeMutableBufferPointer { optimalBuffer in
        nonisolated(unsafe) let rewards = rewardBuffer
        nonisolated(unsafe) let optimal = optimalBuffer
        try withoutActuallyEscaping(progress) { progress in
          // Each chunk writes only its own sums; they are combined in chunk order below.
          try ParallelLoop.forEach(chunks, threads: threads) { chunk in
            let (r, o) = try testbed.runChunk(chunk, policy)
            rewards[chunk] = r
            optimal[chunk] = o
            progress(Double(min(testbed.runs, (chunk + 1) * Self.chunk)) / Double(testbed.runs))
          }
        }
      }
    }
    var reward = [Double](repeating: 0, count: steps)
    var optimal = [Int](repeating: 0, count: steps)
    for chunk in 0..<chunks {
      for t in 0..<steps {
        reward[t] += rewardSums[chunk][t]
        optimal[t] += optimalCounts[chunk][t]
      }
    }
    return Curve(
      averageReward: reward.map { $0 / Double(runs) },
      optimalActionFraction: optimal.map { Double($0) / Double(runs) })
  }

  /// The sums of one chunk of runs, per step.
  func runChunk(_ chunk: Int, _ template: some BanditPolicy) throws -> ([Double], [Int]) {
    var rewards = [Double](repeating: 0, count: steps)
    var optimal = [Int](repeating: 0, count: steps)
    for run in (chunk * Self.chunk)..<min(runs, (chunk + 1) * Self.chunk) {
      var splitMix = SplitMix64(seed: seed ^ (UInt64(run) &* 0x9E37_79B9_7F4A_7C15))
      var random = Xoshiro256StarStar(seed: splitMix.next())
      let trueValues = (0..<arms).map { _ in random.nextStandardNormal() }
      let best = trueValues.max() ?? 0
      var policy = template
      policy.reset(arms: arms)
      for t in 0..<steps {
        let arm = try policy.choose(step: t, random: &random)
        let reward = trueValues[arm] + random.nextStandardNormal()
        policy.learn(arm: arm, reward: reward)
        rewards[t] += reward
        if trueValues[arm] == best { optimal[t] += 1 }
      }
    }
    return (rewards, optimal)
  }
}
