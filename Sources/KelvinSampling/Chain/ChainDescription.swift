import KelvinCore
import KelvinText

/// A sampler chain as a value: the processors in order and the final choice, without the random
/// stream or any state of a sequence.
///
/// It is the one typed form every route to a chain goes through: a specification text is
/// parsed into it once (``init(parsing:)``), a preset builds it from settings as values
/// (``SamplerPreset/chain(_:)``), and a ``SamplerChain`` is made from it for each sequence.
/// Its text (``specification``) is printed from the processors, so parsing that text gives the
/// same processors back.
public struct ChainDescription: Sendable {
  /// The processors, in order.
  public var processors: [any LogitsProcessor]
  /// The final choice.
  public var choice: FinalChoice

  /// A description of `processors` followed by `choice`.
  public init(_ processors: [any LogitsProcessor], choice: FinalChoice = .distribution) {
    self.processors = processors
    self.choice = choice
  }

  /// Parses a chain specification.
  ///
  /// Items are separated by `;` or `,`; each is `name`, `name=value` (setting the first
  /// parameter) or `name(key=value,…)`, in Kelvin's one specification grammar
  /// (``Specification``), read by the processors' own declarations (``ProcessorCatalog``). A
  /// final `dist` or `greedy` sets the final choice (default `dist`). Example:
  /// `penalties(last_n=64,repeat=1.1);top_k=40;top_p=0.95;min_p=0.05;temperature=0.7`.
  ///
  /// - Throws: ``SamplingError/invalidSpecification(_:)`` naming the item, and where it
  ///   applies the parameter, the value and its rule: a malformed text, an unknown processor
  ///   or parameter (with a suggestion), an out-of-range value, `dist` or `greedy` anywhere
  ///   but last.
  /// - Complexity: O(n) in the length of the specification.
  public init(parsing specification: String) throws {
    let items: [SpecificationItem]
    do {
      items = try Specification.parse(specification, separators: [";", ","])
    } catch {
      throw SamplingError.invalidSpecification(error)
    }
    var processors: [any LogitsProcessor] = []
    var choice = FinalChoice.distribution
    for (position, item) in items.enumerated() {
      if let final = FinalChoice(rawValue: item.name) {
        guard item.arguments.isEmpty, item.text == item.name else {
          throw SamplingError.invalidSpecification(
            SpecificationError(item: item.text, problem: "\(item.name) takes no parameters"))
        }
        guard position == items.count - 1 else {
          throw SamplingError.invalidSpecification(
            SpecificationError(
              item: item.text,
              problem: "\(item.name) chooses the token, so it must be the last item of the chain"))
        }
        choice = final
        continue
      }
      do {
        guard ProcessorCatalog.catalog.form(named: item.name) != nil else {
          throw ProcessorCatalog.catalog.unknown(
            item, alsoKnown: FinalChoice.allCases.map(\.rawValue))
        }
        processors.append(try ProcessorCatalog.catalog.build(item))
      } catch let error as SpecificationError {
        throw SamplingError.invalidSpecification(error)
      }
    }
    self.init(processors, choice: choice)
  }

  /// The description as a specification (`top_k(k=40,…);temperature=0.7;dist`), printed from
  /// the processors.
  public var specification: String {
    (processors.map(\.specification) + [choice.rawValue]).joined(separator: ";")
  }
}

extension SamplerChain {
  /// A chain of `description`'s processors and choice, for the stream `(seed, sequence)`.
  public init(_ description: ChainDescription, seed: UInt64 = 0, sequence: UInt64 = 0) {
    self.init(description.processors, choice: description.choice, seed: seed, sequence: sequence)
  }

  /// Parses a chain specification (``ChainDescription/init(parsing:)``) into a chain.
  ///
  /// - Throws: As ``ChainDescription/init(parsing:)``.
  public init(specification: String, seed: UInt64 = 0, sequence: UInt64 = 0) throws {
    self.init(try ChainDescription(parsing: specification), seed: seed, sequence: sequence)
  }

  /// The chain's processors and choice as a value (its stream and state left out).
  public var chainDescription: ChainDescription { ChainDescription(processors, choice: choice) }

  /// The chain as a specification, printed from its processors (``ChainDescription/specification``).
  public var specification: String { chainDescription.specification }
}
