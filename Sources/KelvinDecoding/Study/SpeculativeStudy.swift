import KelvinSampling

/// Acceptance rate and tokens per target call of speculative sampling against temperature and
/// draft length, with the rest of the chain held fixed.
public struct SpeculativeStudy: Sendable, Equatable {
  /// One temperature and draft length, summed over the prompts.
  public struct Row: Sendable, Equatable {
    /// The temperature.
    public let temperature: Double
    /// Tokens drafted a round.
    public let draftTokens: Int
    /// The runs' figures, summed.
    public let statistics: SpeculativeStatistics
  }

  /// The rows, temperature-major.
  public let rows: [Row]

  /// Runs every prompt at every temperature and draft length.
  ///
  /// Prompt `i` uses random sequence `i` of the chain `chain(τ, i)`, so the rows of one
  /// temperature share their texts (the output does not depend on the draft length) and
  /// differ only in how the work was split into rounds.
  ///
  /// - Throws: As ``speculativeGenerate(prompt:target:draft:chain:draftTokens:maxTokens:)``
  ///   and `chain`.
  /// - Complexity: temperatures · draft lengths · prompts speculative runs of `maxTokens`.
  public init<Target: LanguageModel, Draft: LanguageModel>(
    temperatures: [Double], draftLengths: [Int], prompts: [[Int]], target: inout Target,
    draft: inout Draft, maxTokens: Int,
    chain: (_ temperature: Double, _ prompt: Int) throws -> SamplerChain
  ) throws {
    var rows: [Row] = []
    for temperature in temperatures {
      for draftTokens in draftLengths {
        var total = SpeculativeStatistics()
        for (index, prompt) in prompts.enumerated() {
          let run = try speculativeGenerate(
            prompt: prompt, target: &target, draft: &draft,
            chain: try chain(temperature, index), draftTokens: draftTokens,
            maxTokens: maxTokens)
          total.add(run.statistics)
        }
        rows.append(Row(temperature: temperature, draftTokens: draftTokens, statistics: total))
      }
    }
    self.rows = rows
  }
}

extension SpeculativeStatistics {
  /// Adds another run's counts.
  mutating func add(_ other: SpeculativeStatistics) {
    drafted += other.drafted
    accepted += other.accepted
    targetCalls += other.targetCalls
    tokens += other.tokens
  }
}
