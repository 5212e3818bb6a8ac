import Kelvin

/// The JSON documents of `kelvin generate`, one type per document, each member declared once
/// (its key in `CodingKeys`), written by ``JSONNodeEncoder``.
enum GenerateDocuments {
  /// One generated token: id, text, raw log-probability, the mask size under a constraint and
  /// the alternatives when asked for.
  struct Step: Encodable {
    let token: Int
    let text: String
    @EncodedAsNull var logprob: Double?
    let allowedTokens: Int?
    let topLogprobs: [Alternative]?

    enum CodingKeys: String, CodingKey {
      case token, text, logprob
      case allowedTokens = "allowed_tokens"
      case topLogprobs = "top_logprobs"
    }
  }

  /// One alternative of a step.
  struct Alternative: Encodable {
    let token: Int
    let text: String
    let logprob: Double
  }

  /// The constraint a sampled text followed.
  struct Constraint: Encodable {
    let pattern: String
    let complete: Bool
    let dfaStates: Int
    let indexBytes: Int

    enum CodingKeys: String, CodingKey {
      case pattern, complete
      case dfaStates = "dfa_states"
      case indexBytes = "index_bytes"
    }
  }

  /// A sampled text: the whole document (`--format json`), or the summary that closes a
  /// stream of steps (`jsonl`: no prompt, no tokens).
  struct Sampled: Encodable {
    let prompt: String?
    let text: String
    let tokens: [Step]?
    let perplexity: Double
    let stopReason: String
    let chain: String
    let constraint: Constraint?

    enum CodingKeys: String, CodingKey {
      case prompt, text, tokens, perplexity
      case stopReason = "stop_reason"
      case chain, constraint
    }
  }

  /// What a speculative run or a row of the study did.
  struct SpeculativeFigures: Encodable {
    let drafted: Int
    let accepted: Int
    let acceptanceRate: Double
    let targetCalls: Int
    let tokensPerTargetCall: Double

    init(_ statistics: SpeculativeStatistics) {
      drafted = statistics.drafted
      accepted = statistics.accepted
      acceptanceRate = statistics.acceptanceRate
      targetCalls = statistics.targetCalls
      tokensPerTargetCall = statistics.tokensPerTargetCall
    }

    enum CodingKeys: String, CodingKey {
      case drafted, accepted
      case acceptanceRate = "acceptance_rate"
      case targetCalls = "target_calls"
      case tokensPerTargetCall = "tokens_per_target_call"
    }
  }

  /// A speculative run's settings and figures.
  struct SpeculativeRun: Encodable {
    /// The built-in models' orders, or (with `--draft-model`) the two directories.
    let draftOrder: Int?
    let targetOrder: Int?
    let draftModel: String?
    let targetModel: String?
    let draftTokens: Int
    let figures: SpeculativeFigures

    enum CodingKeys: String, CodingKey {
      case draftOrder = "draft_order"
      case targetOrder = "target_order"
      case draftModel = "draft_model"
      case targetModel = "model"
      case draftTokens = "draft_tokens"
    }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encodeIfPresent(draftOrder, forKey: .draftOrder)
      try container.encodeIfPresent(targetOrder, forKey: .targetOrder)
      try container.encodeIfPresent(draftModel, forKey: .draftModel)
      try container.encodeIfPresent(targetModel, forKey: .targetModel)
      try container.encode(draftTokens, forKey: .draftTokens)
      try figures.encode(to: encoder)
    }
  }

  /// A speculative text.
  struct Speculative: Encodable {
    let prompt: String
    let text: String
    let tokens: [Int]
    let perplexity: Double
    let stopReason: String
    let chain: String
    let speculative: SpeculativeRun

    enum CodingKeys: String, CodingKey {
      case prompt, text, tokens, perplexity
      case stopReason = "stop_reason"
      case chain, speculative
    }
  }

  /// One row of `--speculative-study`.
  struct StudyRow: Encodable {
    let temperature: Double
    let draftTokens: Int
    let figures: SpeculativeFigures

    enum CodingKeys: String, CodingKey {
      case temperature
      case draftTokens = "draft_tokens"
    }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(temperature, forKey: .temperature)
      try container.encode(draftTokens, forKey: .draftTokens)
      try figures.encode(to: encoder)
    }
  }

  /// `--speculative-study`.
  struct Study: Encodable {
    let draftOrder: Int
    let targetOrder: Int
    let prompts: Int
    let maxTokens: Int
    let chain: String
    let rows: [StudyRow]

    enum CodingKeys: String, CodingKey {
      case draftOrder = "draft_order"
      case targetOrder = "target_order"
      case prompts
      case maxTokens = "max_tokens"
      case chain, rows
    }
  }

  /// A hypothesis of beam search, or a sequence of stochastic beam search.
  struct Beam: Encodable {
    let text: String
    let score: Double?
    let logprob: Double
    let temperedLogprob: Double?
    let key: Double?

    enum CodingKeys: String, CodingKey {
      case text, score, logprob
      case temperedLogprob = "tempered_logprob"
      case key
    }
  }

  /// The list of beams, with stochastic beam search's temperature and seed.
  struct Beams: Encodable {
    let temperature: Double?
    let seed: UInt64?
    let beams: [Beam]
  }

  /// One row of the temperature comparison.
  struct ComparisonRow: Encodable {
    let temperature: Double
    let perplexity: Double
    let distinct2: Double
    let samples: [String]

    enum CodingKeys: String, CodingKey {
      case temperature, perplexity
      case distinct2 = "distinct_2"
      case samples
    }
  }

  /// The temperature comparison.
  struct Comparison: Encodable {
    let prompt: String
    let rows: [ComparisonRow]
  }
}
