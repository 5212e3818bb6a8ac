import KelvinCore

/// The processors a chain specification can name, each with its typed parameters.
///
/// Every parameter's range is the one its processor's initialiser enforces (declared once, as
/// a static property of the processor), so the chain grammar and the Swift API refuse the same
/// values with the same words. The first parameter is the one `name=value` sets; the others
/// are named (`top_p(p=0.9,min_keep=2)`). Aliases kept for compatibility: `t` for
/// `temperature`'s `temperature`. Every processor's doc comment states its exact semantics;
/// `docs/SAMPLING.md` lists them for users.
public enum ProcessorCatalog {
  /// The catalog the chain grammar builds from.
  public static let catalog = SpecificationCatalog<any LogitsProcessor>(
    kind: "processor",
    forms: [
      temperature, topK, topP, minP, typicalP, topNSigma, epsilon, eta, xtc, dynamicTemperature,
      mirostat, mirostatV2, penalties, dry, logitBias, noRepeatNGram, badWords, minTokens,
      allowedTokens, constraint, adaptiveP, topH,
    ])

  /// Every processor's form, in the order help lists them.
  public static var forms: [SpecificationForm<any LogitsProcessor>] { catalog.forms }

  // MARK: - Shared parameters

  static let minimumKeep = SpecificationParameter(
    "min_keep", .integer(Check.minimumKeepRange), default: 1)

  static func number(
    _ name: String, _ range: NumberRange, default value: Double, note: String? = nil,
    aliases: [String] = []
  ) -> SpecificationParameter<Double> {
    SpecificationParameter(name, .number(range, note: note), default: value, aliases: aliases)
  }

  static func integer(
    _ name: String, _ range: ClosedRange<Int>, default value: Int, note: String? = nil
  ) -> SpecificationParameter<Int> {
    SpecificationParameter(name, .integer(range, note: note), default: value)
  }

  /// A processor with one number parameter and `min_keep`.
  static func truncation(
    _ name: String, _ parameter: SpecificationParameter<Double>, summary: String,
    _ make: @escaping @Sendable (Double, Int) throws -> any LogitsProcessor
  ) -> SpecificationForm<any LogitsProcessor> {
    SpecificationForm(name, summary: summary, parameters: [parameter.erased, minimumKeep.erased]) {
      try make($0[parameter], $0[minimumKeep])
    }
  }

  // MARK: - Truncation

  static let temperature: SpecificationForm<any LogitsProcessor> = {
    let value = number(
      "temperature", .temperature, default: 1, note: "0 is greedy, inf is uniform",
      aliases: ["t"])
    return SpecificationForm(
      "temperature", summary: "divide logits by τ; 0 keeps the maximal logits; inf flattens",
      parameters: [value.erased]
    ) { try Temperature($0[value]) }
  }()

  static let topK: SpecificationForm<any LogitsProcessor> = {
    let k = integer("k", TopK.kRange, default: 40, note: "0 disables")
    let keepTies = SpecificationParameter("keep_ties", .boolean, default: false)
    return SpecificationForm(
      "top_k",
      summary: "keep the k highest logits (ties by lower id; keep_ties=1 keeps ties with the k-th)",
      parameters: [k.erased, keepTies.erased, minimumKeep.erased]
    ) { try TopK($0[k], keepsTies: $0[keepTies], minimumKeep: $0[minimumKeep]) }
  }()

  static let topP = truncation(
    "top_p", number("p", TopP.pRange, default: 0.95, note: "1 disables"),
    summary: "keep the smallest top set whose probability reaches p"
  ) { try TopP($0, minimumKeep: $1) }

  static let minP = truncation(
    "min_p", number("p", MinP.pRange, default: 0.05, note: "0 disables"),
    summary: "keep tokens with probability ≥ p · p_max"
  ) { try MinP($0, minimumKeep: $1) }

  static let typicalP: SpecificationForm<any LogitsProcessor> = {
    let p = number("p", TypicalP.pRange, default: 1, note: "1 disables")
    let keepTies = SpecificationParameter("keep_ties", .boolean, default: false)
    return SpecificationForm(
      "typical_p",
      summary:
        "locally typical sampling: keep tokens closest to the entropy until mass p (keep_ties=1 keeps ties with the crossing token)",
      parameters: [p.erased, keepTies.erased, minimumKeep.erased]
    ) { try TypicalP($0[p], keepsTies: $0[keepTies], minimumKeep: $0[minimumKeep]) }
  }()

  static let topNSigma = truncation(
    "top_n_sigma", number("n", TopNSigma.nRange, default: 1, note: "0 disables"),
    summary: "keep logits ≥ max − n·σ"
  ) { try TopNSigma($0, minimumKeep: $1) }

  static let epsilon = truncation(
    "epsilon", number("e", Epsilon.eRange, default: 0.0003, note: "0 disables"),
    summary: "keep tokens with probability ≥ e"
  ) { try Epsilon($0, minimumKeep: $1) }

  static let eta = truncation(
    "eta", number("e", Epsilon.eRange, default: 0.0003, note: "0 disables"),
    summary: "keep tokens with probability ≥ min(e, √e·exp(−H))"
  ) { try Eta($0, minimumKeep: $1) }

  static let xtc: SpecificationForm<any LogitsProcessor> = {
    let probability = number("probability", .unitInterval, default: 0.5)
    let threshold = number("threshold", .unitInterval, default: 0.1, note: "above 0.5 disables")
    return SpecificationForm(
      "xtc",
      summary:
        "with the given probability, drop all top choices (p ≥ threshold) but the least likely",
      parameters: [probability.erased, threshold.erased, minimumKeep.erased]
    ) {
      try XTC(
        probability: $0[probability], threshold: $0[threshold], minimumKeep: $0[minimumKeep])
    }
  }()

  static let topH = truncation(
    "top_h", number("h", TopH.hRange, default: 0.4),
    summary: "entropy-budget truncation over the top 100 (transformers' top_h)"
  ) { try TopH($0, minimumKeep: $1) }

  // MARK: - Reshaping

  static let dynamicTemperature: SpecificationForm<any LogitsProcessor> = {
    let value = number("temperature", .finiteAtLeast(0), default: 1)
    let delta = number("delta", .finiteAtLeast(0), default: 0, note: "0 disables")
    let exponent = number("exponent", .finiteAtLeast(0), default: 1)
    return SpecificationForm(
      "dynamic_temperature", summary: "entropy-scaled temperature between max(0, τ−δ) and τ+δ",
      parameters: [value.erased, delta.erased, exponent.erased]
    ) { try DynamicTemperature(temperature: $0[value], delta: $0[delta], exponent: $0[exponent]) }
  }()

  static let mirostat: SpecificationForm<any LogitsProcessor> = {
    let tau = number("tau", .finiteAtLeast(0), default: 5, note: "target surprise in bits")
    let eta = number("eta", .finiteAtLeast(0), default: 0.1)
    let m = integer("m", Mirostat.mRange, default: 100)
    return SpecificationForm(
      "mirostat", summary: "Mirostat 1.0: top-k chosen to track a target surprise tau (bits)",
      parameters: [tau.erased, eta.erased, m.erased]
    ) { try Mirostat(tau: $0[tau], eta: $0[eta], m: $0[m]) }
  }()

  static let mirostatV2: SpecificationForm<any LogitsProcessor> = {
    let tau = number("tau", .finiteAtLeast(0), default: 5, note: "target surprise in bits")
    let eta = number("eta", .finiteAtLeast(0), default: 0.1)
    return SpecificationForm(
      "mirostat_v2", summary: "Mirostat 2.0: drop tokens whose surprise exceeds mu",
      parameters: [tau.erased, eta.erased]
    ) { try MirostatV2(tau: $0[tau], eta: $0[eta]) }
  }()

  static let adaptiveP: SpecificationForm<any LogitsProcessor> = {
    let target = number("target", .unitInterval, default: 0.5)
    let decay = number("decay", .unitInterval, default: 0.9)
    return SpecificationForm(
      "adaptive_p",
      summary: "reshape towards tokens near a target probability (llama.cpp adaptive-p)",
      parameters: [target.erased, decay.erased]
    ) { try AdaptiveP(target: $0[target], decay: $0[decay]) }
  }()

  // MARK: - Penalties and bans

  static let penalties: SpecificationForm<any LogitsProcessor> = {
    let window = integer(
      "last_n", Penalties.windowRange, default: 64, note: "-1 is the whole history, 0 disables")
    let repetition = number("repeat", Penalties.repeatRange, default: 1, note: "1 disables")
    let frequency = number("frequency", Penalties.additiveRange, default: 0)
    let presence = number("presence", Penalties.additiveRange, default: 0)
    let prompt = SpecificationParameter(
      "prompt", .choice(Penalties.PromptPolicy.self), default: .counted)
    return SpecificationForm(
      "penalties",
      summary:
        "repetition (divide/multiply), frequency and presence penalties over the last n tokens",
      parameters: [
        window.erased, repetition.erased, frequency.erased, presence.erased, prompt.erased,
      ]
    ) {
      try Penalties(
        lastN: $0[window], repeat: $0[repetition], frequency: $0[frequency],
        presence: $0[presence], prompt: $0[prompt])
    }
  }()

  static let dry: SpecificationForm<any LogitsProcessor> = {
    let multiplier = number("multiplier", .finiteAtLeast(0), default: 0.8, note: "0 disables")
    let base = number("base", .finiteAtLeast(1), default: 1.75)
    let allowed = integer("allowed_length", 0...Int(Int32.max), default: 2)
    let window = integer(
      "last_n", Penalties.windowRange, default: -1, note: "-1 is the whole history, 0 disables")
    let breakers = SpecificationParameter("breakers", tokenSequences, default: [])
    return SpecificationForm(
      "dry",
      summary: "don't-repeat-yourself sequence penalty (breakers: token sequences like 3|5:6)",
      parameters: [multiplier.erased, base.erased, allowed.erased, window.erased, breakers.erased]
    ) {
      try DRY(
        multiplier: $0[multiplier], base: $0[base], allowedLength: $0[allowed],
        lastN: $0[window], breakers: $0[breakers])
    }
  }()

  static let logitBias: SpecificationForm<any LogitsProcessor> = {
    let entries = SpecificationParameter<[TokenBias]>.variadic(
      "biases", TokenBias.rule, count: 0...Int(Int32.max))
    return SpecificationForm(
      "logit_bias", summary: "add biases: logit_bias(3:-1.5,7:-inf); -inf bans a token",
      parameters: [entries.erased]
    ) { arguments in
      var biases: [Int: Double] = [:]
      for entry in arguments[entries] {
        guard biases[entry.token] == nil else {
          throw SpecificationError(
            item: arguments.item.text, key: "biases",
            problem: "token \(entry.token) is biased twice")
        }
        biases[entry.token] = entry.bias
      }
      return try LogitBias(biases)
    }
  }()

  static let noRepeatNGram: SpecificationForm<any LogitsProcessor> = {
    let n = integer("n", NoRepeatNGram.nRange, default: 3, note: "0 disables")
    return SpecificationForm(
      "no_repeat_ngram", summary: "ban tokens that would repeat an n-gram of the history",
      parameters: [n.erased]
    ) { try NoRepeatNGram($0[n]) }
  }()

  static let badWords: SpecificationForm<any LogitsProcessor> = {
    let sequences = SpecificationParameter("sequences", tokenSequences, default: [])
    return SpecificationForm(
      "bad_words",
      summary:
        "ban token sequences (3|5:6): a sequence's last token goes when the rest ends the history",
      parameters: [sequences.erased]
    ) { try BadWords($0[sequences]) }
  }()

  static let constraint = SpecificationForm<any LogitsProcessor>(
    "constraint",
    summary: "keep the tokens a bound constraint allows (kelvin generate --regex, --json-schema)",
    parameters: []
  ) { _ in ConstraintProcessor() }

  static let allowedTokens: SpecificationForm<any LogitsProcessor> = {
    let tokens = SpecificationParameter<[Int]>.variadic(
      "tokens", .integer(AllowedTokens.tokenRange), count: 0...Int(Int32.max))
    return SpecificationForm(
      "allowed_tokens", summary: "keep only these ids: allowed_tokens(3,5,7); none keeps all",
      parameters: [tokens.erased]
    ) { try AllowedTokens($0[tokens]) }
  }()

  static let minTokens: SpecificationForm<any LogitsProcessor> = {
    let n = integer("n", MinTokens.range, default: 0, note: "0 disables")
    let eos = integer("eos", MinTokens.range, default: 0)
    return SpecificationForm(
      "min_tokens", summary: "ban the end-of-sequence token eos until n tokens are generated",
      parameters: [n.erased, eos.erased]
    ) { try MinTokens($0[n], endOfSequence: $0[eos]) }
  }()

  /// `3|5:6`: token sequences separated by `|`, tokens within a sequence by `:`.
  static let tokenSequences = ValueRule<[[Int]]>(
    requirement: "token-id sequences like 3|5:6 ('|' between sequences, ':' within one)",
    counterexamples: ["3|", "a", "-1", "3::4"], example: "3|5:6",
    read: { text in
      guard !text.isEmpty else { return [] }
      return try text.split(separator: "|", omittingEmptySubsequences: false).map { sequence in
        try sequence.split(separator: ":", omittingEmptySubsequences: false).map { token in
          do {
            let value = try DecimalText.integer(token)
            guard value >= 0, value <= Int(Int32.max) else { throw DecimalText.Failure.outOfRange }
            return value
          } catch {
            throw ValueRuleViolation(
              requirement: "token-id sequences like 3|5:6 ('|' between sequences, ':' within one)",
              text: text, reason: "'\(token)' is not a token id")
          }
        }
      }
    }, spell: { $0.map { $0.map(String.init).joined(separator: ":") }.joined(separator: "|") })
}

/// One `token:bias` entry of `logit_bias`.
struct TokenBias: Sendable, Equatable {
  let token: Int
  let bias: Double

  static let requirement =
    "token:bias, a token id ≥ 0 and a bias that is finite or -inf (3:-1.5, 7:-inf)"

  static let rule = ValueRule<TokenBias>(
    requirement: requirement, counterexamples: ["3", "a:1", "-1:2", "3:nan", "3:inf"],
    example: "3:-1.5",
    read: { text in
      let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
      guard parts.count == 2 else {
        throw ValueRuleViolation(requirement: requirement, text: text)
      }
      do {
        let token = try DecimalText.integer(parts[0])
        let bias = try DecimalText.double(parts[1])
        guard token >= 0, token <= Int(Int32.max),
          NumberRange.finiteOrNegativeInfinity.contains(bias)
        else { throw DecimalText.Failure.outOfRange }
        return TokenBias(token: token, bias: bias)
      } catch {
        throw ValueRuleViolation(requirement: requirement, text: text)
      }
    }, spell: { "\($0.token):\(NumberFormatting.shortest($0.bias))" })
}
