import KelvinCore

/// The processors a chain specification can name, with their parameters in order.
///
/// The first parameter is the one `name=value` sets. Every processor's doc comment states its
/// exact semantics; `docs/SAMPLING.md` lists them for users.
public enum ProcessorCatalog {
  /// One processor's name, parameters (with defaults) and builder.
  public struct Entry: Sendable {
    /// The name in a chain specification.
    public let name: String
    /// Parameter names and default values, in order.
    public let parameters: [(name: String, defaultValue: String)]
    /// One line of help.
    public let summary: String
    let build: @Sendable (Arguments) throws -> any LogitsProcessor
  }

  /// Every processor, in the order help lists them.
  public static let entries: [Entry] = [
    Entry(
      name: "temperature", parameters: [("t", "1")],
      summary: "divide logits by t; 0 keeps the maximal logits; inf flattens"
    ) {
      try Temperature($0.double("t"))
    },
    Entry(
      name: "top_k", parameters: [("k", "40"), ("keep_ties", "0"), ("min_keep", "1")],
      summary: "keep the k highest logits (ties by lower id; keep_ties=1 keeps ties with the k-th)"
    ) {
      try TopK($0.int("k"), keepsTies: $0.bool("keep_ties"), minimumKeep: $0.int("min_keep"))
    },
    Entry(
      name: "top_p", parameters: [("p", "0.95"), ("min_keep", "1")],
      summary: "keep the smallest top set whose probability reaches p"
    ) {
      try TopP($0.double("p"), minimumKeep: $0.int("min_keep"))
    },
    Entry(
      name: "min_p", parameters: [("p", "0.05"), ("min_keep", "1")],
      summary: "keep tokens with probability ≥ p · p_max"
    ) {
      try MinP($0.double("p"), minimumKeep: $0.int("min_keep"))
    },
    Entry(
      name: "typical_p", parameters: [("p", "1"), ("min_keep", "1")],
      summary: "locally typical sampling: keep tokens closest to the entropy until mass p"
    ) {
      try TypicalP($0.double("p"), minimumKeep: $0.int("min_keep"))
    },
    Entry(
      name: "top_n_sigma", parameters: [("n", "1"), ("min_keep", "1")],
      summary: "keep logits ≥ max − n·σ"
    ) {
      try TopNSigma($0.double("n"), minimumKeep: $0.int("min_keep"))
    },
    Entry(
      name: "epsilon", parameters: [("e", "0.0003"), ("min_keep", "1")],
      summary: "keep tokens with probability ≥ e"
    ) {
      try Epsilon($0.double("e"), minimumKeep: $0.int("min_keep"))
    },
    Entry(
      name: "eta", parameters: [("e", "0.0003"), ("min_keep", "1")],
      summary: "keep tokens with probability ≥ min(e, √e·exp(−H))"
    ) {
      try Eta($0.double("e"), minimumKeep: $0.int("min_keep"))
    },
    Entry(
      name: "xtc", parameters: [("probability", "0.5"), ("threshold", "0.1"), ("min_keep", "1")],
      summary:
        "with the given probability, drop all top choices (p ≥ threshold) but the least likely"
    ) {
      try XTC(
        probability: $0.double("probability"), threshold: $0.double("threshold"),
        minimumKeep: $0.int("min_keep"))
    },
    Entry(
      name: "dynamic_temperature",
      parameters: [("temperature", "1"), ("delta", "0"), ("exponent", "1")],
      summary: "entropy-scaled temperature between max(0, t−δ) and t+δ"
    ) {
      try DynamicTemperature(
        temperature: $0.double("temperature"), delta: $0.double("delta"),
        exponent: $0.double("exponent"))
    },
    Entry(
      name: "mirostat", parameters: [("tau", "5"), ("eta", "0.1"), ("m", "100")],
      summary: "Mirostat 1.0: top-k chosen to track a target surprise tau (bits)"
    ) {
      try Mirostat(tau: $0.double("tau"), eta: $0.double("eta"), m: $0.int("m"))
    },
    Entry(
      name: "mirostat_v2", parameters: [("tau", "5"), ("eta", "0.1")],
      summary: "Mirostat 2.0: drop tokens whose surprise exceeds mu"
    ) {
      try MirostatV2(tau: $0.double("tau"), eta: $0.double("eta"))
    },
    Entry(
      name: "penalties",
      parameters: [
        ("last_n", "64"), ("repeat", "1"), ("frequency", "0"), ("presence", "0"),
        ("prompt", "counted"),
      ],
      summary:
        "repetition (divide/multiply), frequency and presence penalties over the last n tokens"
    ) {
      guard let policy = Penalties.PromptPolicy(rawValue: try $0.string("prompt")) else {
        throw SamplingError.invalidParameter(
          processor: "penalties", parameter: "prompt", value: (try? $0.string("prompt")) ?? "",
          rule: "counted or ignored")
      }
      return try Penalties(
        lastN: $0.int("last_n"), repeat: $0.double("repeat"), frequency: $0.double("frequency"),
        presence: $0.double("presence"), prompt: policy)
    },
    Entry(
      name: "dry",
      parameters: [
        ("multiplier", "0.8"), ("base", "1.75"), ("allowed_length", "2"), ("last_n", "-1"),
        ("breakers", ""),
      ], summary: "don't-repeat-yourself sequence penalty (breakers: token sequences like 3|5:6)"
    ) {
      try DRY(
        multiplier: $0.double("multiplier"), base: $0.double("base"),
        allowedLength: $0.int("allowed_length"), lastN: $0.int("last_n"),
        breakers: $0.breakers("breakers"))
    },
    Entry(
      name: "logit_bias", parameters: [],
      summary: "add biases: logit_bias(3:-1.5,7:-inf); -inf bans a token"
    ) { arguments in
      try LogitBias(arguments.biases)
    },
    Entry(
      name: "no_repeat_ngram", parameters: [("n", "3")],
      summary: "ban tokens that would repeat an n-gram of the history"
    ) {
      NoRepeatNGram(try $0.int("n"))
    },
    Entry(
      name: "adaptive_p", parameters: [("target", "0.5"), ("decay", "0.9")],
      summary: "reshape towards tokens near a target probability (llama.cpp adaptive-p)"
    ) {
      try AdaptiveP(target: $0.double("target"), decay: $0.double("decay"))
    },
    Entry(
      name: "top_h", parameters: [("h", "0.4"), ("min_keep", "1")],
      summary: "entropy-budget truncation over the top 100 (transformers' top_h)"
    ) {
      try TopH($0.double("h"), minimumKeep: $0.int("min_keep"))
    },
  ]

  /// The entry called `name`.
  public static func entry(named name: String) -> Entry? { entries.first { $0.name == name } }

  /// The parameter values of one chain item, with their defaults.
  public struct Arguments: Sendable {
    let processor: String
    let values: [String: String]
    /// For `logit_bias`: token → bias.
    let biases: [Int: Double]

    func string(_ name: String) throws -> String {
      values[name] ?? ""
    }

    func double(_ name: String) throws -> Double {
      let text = try string(name)
      guard let value = Double(text.lowercased()) else {
        throw SamplingError.invalidParameter(
          processor: processor, parameter: name, value: "'\(text)'", rule: "a number")
      }
      return value
    }

    func int(_ name: String) throws -> Int {
      let text = try string(name)
      guard let value = Int(text) else {
        throw SamplingError.invalidParameter(
          processor: processor, parameter: name, value: "'\(text)'", rule: "a whole number")
      }
      return value
    }

    func bool(_ name: String) throws -> Bool {
      switch try string(name).lowercased() {
      case "1", "true", "yes": return true
      case "0", "false", "no": return false
      case let other:
        throw SamplingError.invalidParameter(
          processor: processor, parameter: name, value: "'\(other)'", rule: "0 or 1")
      }
    }

    /// `3|5:6` → [[3], [5, 6]].
    func breakers(_ name: String) throws -> [[Int]] {
      let text = try string(name)
      guard !text.isEmpty else { return [] }
      return try text.split(separator: "|", omittingEmptySubsequences: false).map { sequence in
        try sequence.split(separator: ":", omittingEmptySubsequences: false).map { token in
          guard let value = Int(token), value >= 0 else {
            throw SamplingError.invalidParameter(
              processor: processor, parameter: name, value: "'\(text)'",
              rule: "token ids like 3|5:6")
          }
          return value
        }
      }
    }
  }
}

extension SamplerChain {
  /// Parses a chain specification.
  ///
  /// Items are separated by `,` or `;` (outside parentheses); each is `name`, `name=value`
  /// (setting the first parameter) or `name(key=value,…)`. A final `dist` or `greedy` sets the
  /// final choice (default `dist`). Example:
  /// `penalties(last_n=64,repeat=1.1);top_k=40;top_p=0.95;min_p=0.05;temperature=0.7`.
  ///
  /// - Throws: ``SamplingError`` naming the item: unknown names or parameters, malformed items,
  ///   out-of-range values, a final choice that is not last.
  public init(specification: String, seed: UInt64 = 0, sequence: UInt64 = 0) throws {
    let items = try Self.splitItems(specification)
    var processors: [any LogitsProcessor] = []
    var choice = FinalChoice.distribution
    for (position, item) in items.enumerated() {
      if let final = FinalChoice(rawValue: item) {
        guard position == items.count - 1 else {
          throw SamplingError.malformedItem("\(item) must be the last item of the chain")
        }
        choice = final
        continue
      }
      processors.append(try Self.processor(from: item))
    }
    self.init(processors, choice: choice, seed: seed, sequence: sequence)
  }

  /// Splits at `,` and `;` outside parentheses, trimming spaces; empty items are errors.
  static func splitItems(_ specification: String) throws -> [String] {
    var items: [String] = []
    var current = ""
    var depth = 0
    for character in specification {
      switch character {
      case "(":
        depth += 1
        current.append(character)
      case ")":
        depth -= 1
        guard depth >= 0 else { throw SamplingError.malformedItem(current + ")") }
        current.append(character)
      case "," where depth == 0, ";" where depth == 0:
        items.append(current)
        current = ""
      default:
        current.append(character)
      }
    }
    guard depth == 0 else { throw SamplingError.malformedItem(current) }
    items.append(current)
    let trimmed = items.map { $0.trimmingCharacters(in: " \t") }
    guard !trimmed.contains(where: \.isEmpty) else {
      throw SamplingError.malformedItem(specification)
    }
    return trimmed
  }

  /// Builds one processor from `name`, `name=value` or `name(key=value,…)`.
  static func processor(from item: String) throws -> any LogitsProcessor {
    var name = item
    var assignments: [(String?, String)] = []
    if let open = item.firstIndex(of: "(") {
      guard item.hasSuffix(")") else { throw SamplingError.malformedItem(item) }
      name = String(item[..<open]).trimmingCharacters(in: " \t")
      let inner = item[item.index(after: open)..<item.index(before: item.endIndex)]
      for part in inner.split(separator: ",", omittingEmptySubsequences: true) {
        let piece = String(part).trimmingCharacters(in: " \t")
        if let equals = piece.firstIndex(of: "="), name != "logit_bias" {
          assignments.append(
            (
              String(piece[..<equals]).trimmingCharacters(in: " \t"),
              String(piece[piece.index(after: equals)...]).trimmingCharacters(in: " \t")
            ))
        } else {
          assignments.append((nil, piece))
        }
      }
    } else if let equals = item.firstIndex(of: "=") {
      name = String(item[..<equals]).trimmingCharacters(in: " \t")
      assignments.append(
        (nil, String(item[item.index(after: equals)...]).trimmingCharacters(in: " \t")))
    }
    guard let entry = ProcessorCatalog.entry(named: name) else {
      throw SamplingError.unknownProcessor(name)
    }
    if name == "logit_bias" {
      return try entry.build(
        ProcessorCatalog.Arguments(
          processor: name, values: [:], biases: try biases(assignments.map(\.1))))
    }
    var values = Dictionary(
      uniqueKeysWithValues: entry.parameters.map { ($0.name, $0.defaultValue) })
    for (position, (key, value)) in assignments.enumerated() {
      let parameter: String
      if let key {
        parameter = key
      } else {
        guard position == 0, let first = entry.parameters.first else {
          throw SamplingError.malformedItem(item)
        }
        parameter = first.name
      }
      guard values[parameter] != nil else {
        throw SamplingError.unknownParameter(processor: name, parameter: parameter)
      }
      values[parameter] = value
    }
    return try entry.build(ProcessorCatalog.Arguments(processor: name, values: values, biases: [:]))
  }

  /// `3:-1.5`, `7:-inf` → [3: -1.5, 7: -inf].
  static func biases(_ items: [String]) throws -> [Int: Double] {
    var result: [Int: Double] = [:]
    for item in items {
      let parts = item.split(separator: ":", maxSplits: 1).map {
        String($0).trimmingCharacters(in: " \t")
      }
      guard parts.count == 2, let token = Int(parts[0]), let bias = Double(parts[1].lowercased())
      else {
        throw SamplingError.invalidParameter(
          processor: "logit_bias", parameter: "entry", value: "'\(item)'",
          rule: "token:bias, like 3:-1.5 or 7:-inf")
      }
      result[token] = bias
    }
    return result
  }
}

extension String {
  func trimmingCharacters(in set: String) -> String {
    let characters = Set(set)
    guard let first = firstIndex(where: { !characters.contains($0) }),
      let last = lastIndex(where: { !characters.contains($0) })
    else { return "" }
    return String(self[first...last])
  }
}
