import KelvinCore
import KelvinIO
import KelvinSampling
import KelvinText

/// The decoding settings of a Hugging Face transformers `generation_config.json`, and the
/// sampler chain transformers builds from them.
///
/// Read keys (transformers' defaults when absent or `null`): `do_sample` (false),
/// `temperature` (1; 0 only with `do_sample` false, where it is unused), `top_k` (50), `top_p` (1), `min_p` (none), `typical_p` (1),
/// `repetition_penalty` (1), `no_repeat_ngram_size` (0), `epsilon_cutoff` (0), `eta_cutoff`
/// (0), `max_new_tokens` (none), `min_new_tokens` (0), `bad_words_ids` (none) and
/// `eos_token_id` (an id or a list of ids). Every other key is listed in ``ignoredKeys``. A
/// value of the wrong type or outside the range transformers accepts is an error naming the
/// key and the value.
///
/// ``chain(seed:sequence:endOfSequence:)`` follows transformers' `_get_logits_processor`
/// (as transformers 5.24.0 builds it; `tools/crosscheck/compare_generation_config.py` compares): first the processors — repetition penalty (the whole history,
/// each seen token once), no-repeat-n-gram, bad words, min-new-tokens — then, when
/// `do_sample` is true, the warpers temperature, top-k (keeping ties with the k-th, as
/// `TopKLogitsWarper`), top-p, min-p, typical-p (keeping ties), epsilon and eta, each only when
/// set to a value that changes anything, and a draw; when `do_sample` is false, greedy
/// decoding (the warpers are not applied, and the sampling settings that were set are listed
/// in ``unusedKeys``, as transformers warns about them).
public struct GenerationConfig: Sendable, Equatable {
  /// `do_sample`: sample (true) or decode greedily (false).
  public var doSample = false
  /// `temperature`.
  public var temperature = 1.0
  /// `top_k`; 0 is off.
  public var topK = 50
  /// `top_p`; 1 is off.
  public var topP = 1.0
  /// `min_p`; `nil` is off.
  public var minP: Double?
  /// `typical_p`; 1 is off.
  public var typicalP = 1.0
  /// `repetition_penalty`; 1 is off.
  public var repetitionPenalty = 1.0
  /// `no_repeat_ngram_size`; 0 is off.
  public var noRepeatNGramSize = 0
  /// `epsilon_cutoff`; 0 is off.
  public var epsilonCutoff = 0.0
  /// `eta_cutoff`; 0 is off.
  public var etaCutoff = 0.0
  /// `max_new_tokens`; `nil` leaves the caller's limit.
  public var maxNewTokens: Int?
  /// `min_new_tokens`; 0 is off.
  public var minNewTokens = 0
  /// `bad_words_ids`: banned token sequences.
  public var badWordsIDs: [[Int]] = []
  /// `eos_token_id`, as a list (empty when absent).
  public var endOfSequenceIDs: [Int] = []
  /// The keys of the file that Kelvin does not read, in file order.
  public var ignoredKeys: [String] = []

  /// Default settings (transformers' `GenerationConfig()`).
  public init() {}

  /// The keys read, in the order transformers documents them.
  public static let readKeys = [
    "do_sample", "temperature", "top_k", "top_p", "min_p", "typical_p", "repetition_penalty",
    "no_repeat_ngram_size", "epsilon_cutoff", "eta_cutoff", "max_new_tokens", "min_new_tokens",
    "bad_words_ids", "eos_token_id",
  ]

  /// The largest token id or count accepted.
  public static let integerRange = 0...Int(Int32.max)

  /// Reads a `generation_config.json`.
  ///
  /// - Parameters:
  ///   - bytes: The file's bytes.
  ///   - path: The file's name, for errors.
  /// - Throws: ``KelvinIOError`` (malformed) for invalid JSON, a root that is not an object,
  ///   or a read key whose value has the wrong type or range.
  public init(json bytes: [UInt8], path: String) throws {
    let root: JSONNode
    do {
      root = try JSONParser.parse(bytes, compactsNumbers: false)
    } catch let error as JSONParser.SyntaxError {
      throw KelvinIOError.malformed(path, error.description)
    }
    guard case .object(let members) = root else {
      throw KelvinIOError.malformed(path, "a generation config is a JSON object")
    }
    let reader = Reader(path: path)
    for (key, value) in members {
      if case .null = value, Self.readKeys.contains(key) { continue }
      switch key {
      case "do_sample": doSample = try reader.boolean(key, value)
      case "temperature":
        // 0 is accepted for greedy decoding (do_sample false), where it is unused.
        temperature = try reader.number(key, value, .finiteAtLeast(0))
      case "top_k": topK = try reader.integer(key, value, Self.integerRange)
      case "top_p": topP = try reader.number(key, value, .unitInterval)
      case "min_p": minP = try reader.number(key, value, .unitInterval)
      case "typical_p":
        typicalP = try reader.number(
          key, value, NumberRange(lower: 0, includesLower: false, upper: 1, includesUpper: true))
      case "repetition_penalty":
        repetitionPenalty = try reader.number(key, value, .finiteAbove(0))
      case "no_repeat_ngram_size":
        noRepeatNGramSize = try reader.integer(key, value, Self.integerRange)
      case "epsilon_cutoff": epsilonCutoff = try reader.number(key, value, .halfOpen(0, 1))
      case "eta_cutoff": etaCutoff = try reader.number(key, value, .halfOpen(0, 1))
      case "max_new_tokens": maxNewTokens = try reader.integer(key, value, 1...Int(Int32.max))
      case "min_new_tokens": minNewTokens = try reader.integer(key, value, Self.integerRange)
      case "bad_words_ids": badWordsIDs = try reader.sequences(key, value)
      case "eos_token_id":
        if let list = value.elements {
          endOfSequenceIDs = try list.map { try reader.integer(key, $0, Self.integerRange) }
        } else {
          endOfSequenceIDs = [try reader.integer(key, value, Self.integerRange)]
        }
      default: ignoredKeys.append(key)
      }
    }
    if doSample, temperature == 0 {
      throw KelvinIOError.malformed(
        path,
        "temperature must be > 0 when do_sample is true, got 0 (transformers refuses it; do_sample false decodes greedily)"
      )
    }
  }

  /// The sampling settings that were set although `do_sample` is false (transformers warns
  /// that they have no effect).
  public var unusedKeys: [String] {
    guard !doSample else { return [] }
    let defaults = GenerationConfig()
    var keys: [String] = []
    if temperature != defaults.temperature { keys.append("temperature") }
    if topK != defaults.topK { keys.append("top_k") }
    if topP != defaults.topP { keys.append("top_p") }
    if minP != nil { keys.append("min_p") }
    if typicalP != defaults.typicalP { keys.append("typical_p") }
    if epsilonCutoff != defaults.epsilonCutoff { keys.append("epsilon_cutoff") }
    if etaCutoff != defaults.etaCutoff { keys.append("eta_cutoff") }
    return keys
  }

  /// These settings with the caller's overrides (as `generate(temperature=…)` overrides the
  /// file in transformers): temperature, top-k, top-p, min-p, typical-p and the repetition
  /// penalty; the other fields of `settings` are not transformers settings and are ignored.
  ///
  /// - Throws: ``SamplingError`` for an override outside transformers' range (a temperature
  ///   of 0 or infinity: use `do_sample=false` for greedy decoding).
  public func overridden(by settings: SamplerSettings) throws -> GenerationConfig {
    var config = self
    if let value = settings.temperature {
      try Self.check(value, .finiteAbove(0), "temperature")
      config.temperature = value
    }
    if let value = settings.topK { config.topK = value }
    if let value = settings.topP { config.topP = value }
    if let value = settings.minP { config.minP = value }
    if let value = settings.typicalP {
      try Self.check(
        value, NumberRange(lower: 0, includesLower: false, upper: 1, includesUpper: true),
        "typical_p")
      config.typicalP = value
    }
    if let value = settings.repeatPenalty { config.repetitionPenalty = value }
    return config
  }

  static func check(_ value: Double, _ range: NumberRange, _ key: String) throws {
    guard range.contains(value) else {
      throw SamplingError.invalidParameter(
        processor: "generation config", parameter: key, value: NumberFormatting.shortest(value),
        rule: "a number \(range.phrase)")
    }
  }

  /// The chain transformers builds from these settings, as a value.
  ///
  /// - Parameter endOfSequence: The end-of-sequence ids `min_new_tokens` bans and
  ///   `bad_words_ids` skips (transformers drops a banned sequence that is one end-of-sequence
  ///   token); ``endOfSequenceIDs`` when `nil`.
  /// - Throws: ``SamplingError`` for a setting a processor refuses.
  public func chainDescription(endOfSequence: [Int]? = nil) throws -> ChainDescription {
    let ends = endOfSequence ?? endOfSequenceIDs
    var processors: [any LogitsProcessor] = []
    if repetitionPenalty != 1 {
      processors.append(try Penalties(lastN: -1, repeat: repetitionPenalty))
    }
    if noRepeatNGramSize > 0 { processors.append(try NoRepeatNGram(noRepeatNGramSize)) }
    let banned = badWordsIDs.filter { sequence in !ends.contains { [$0] == sequence } }
    if !banned.isEmpty { processors.append(try BadWords(banned)) }
    if minNewTokens > 0 {
      for end in ends { processors.append(try MinTokens(minNewTokens, endOfSequence: end)) }
    }
    guard doSample else { return ChainDescription(processors, choice: .greedy) }
    if temperature != 1 { processors.append(try Temperature(temperature)) }
    if topK != 0 { processors.append(try TopK(topK, keepsTies: true)) }
    if topP < 1 { processors.append(try TopP(topP)) }
    if let minP { processors.append(try MinP(minP)) }
    if typicalP < 1 { processors.append(try TypicalP(typicalP, keepsTies: true)) }
    if epsilonCutoff > 0 { processors.append(try Epsilon(epsilonCutoff)) }
    if etaCutoff > 0 { processors.append(try Eta(etaCutoff)) }
    return ChainDescription(processors, choice: .distribution)
  }

  /// ``chainDescription(endOfSequence:)`` as a chain for the stream `(seed, sequence)`.
  ///
  /// - Throws: As ``chainDescription(endOfSequence:)``.
  public func chain(seed: UInt64 = 0, sequence: UInt64 = 0, endOfSequence: [Int]? = nil)
    throws -> SamplerChain
  {
    SamplerChain(
      try chainDescription(endOfSequence: endOfSequence), seed: seed, sequence: sequence)
  }
}

/// Reads typed values from a generation config, with errors that name the key and value.
private struct Reader {
  let path: String

  func failure(_ key: String, _ value: JSONNode, _ rule: String) -> KelvinIOError {
    KelvinIOError.malformed(path, "\(key) must be \(rule), got \(Self.text(value))")
  }

  static func text(_ value: JSONNode) -> String {
    switch value {
    case .number(_, let text): return text
    case .string(let text): return "the string \"\(text)\""
    case .bool(let flag): return flag ? "true" : "false"
    case .null: return "null"
    case .object: return "an object"
    case .array, .numbers: return "an array"
    }
  }

  func boolean(_ key: String, _ value: JSONNode) throws -> Bool {
    guard case .bool(let flag) = value else { throw failure(key, value, "true or false") }
    return flag
  }

  func number(_ key: String, _ value: JSONNode, _ range: NumberRange) throws -> Double {
    guard case .number(let number, _) = value, range.contains(number) else {
      throw failure(key, value, "a number \(range.phrase)")
    }
    return number
  }

  func integer(_ key: String, _ value: JSONNode, _ range: ClosedRange<Int>) throws -> Int {
    guard let integer = value.exactNonNegativeInteger, range.contains(integer) else {
      throw failure(
        key, value, "a whole number in \(range.lowerBound)…\(range.upperBound), without a fraction")
    }
    return integer
  }

  func sequences(_ key: String, _ value: JSONNode) throws -> [[Int]] {
    let rule = "a list of non-empty lists of token ids"
    guard let lists = value.elements else { throw failure(key, value, rule) }
    return try lists.map { list in
      guard let tokens = list.elements, !tokens.isEmpty else { throw failure(key, list, rule) }
      return try tokens.map { try integer(key, $0, GenerationConfig.integerRange) }
    }
  }
}
