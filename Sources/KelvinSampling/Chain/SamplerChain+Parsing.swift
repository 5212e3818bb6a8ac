import KelvinCore

extension SamplerChain {
  /// Parses a chain specification.
  ///
  /// Items are separated by `;` or `,`; each is `name`, `name=value` (setting the first
  /// parameter) or `name(key=value,…)`, in Kelvin's one specification grammar
  /// (``Specification``). A final `dist` or `greedy` sets the final choice (default `dist`).
  /// Example: `penalties(last_n=64,repeat=1.1);top_k=40;top_p=0.95;min_p=0.05;temperature=0.7`.
  ///
  /// - Throws: ``SamplingError/invalidSpecification(_:)`` naming the item, and where it
  ///   applies the parameter, the value and its rule: a malformed text, an unknown processor
  ///   or parameter (with a suggestion), an out-of-range value, `dist` or `greedy` anywhere
  ///   but last.
  /// - Complexity: O(n) in the length of the specification.
  public init(specification: String, seed: UInt64 = 0, sequence: UInt64 = 0) throws {
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
    self.init(processors, choice: choice, seed: seed, sequence: sequence)
  }
}
