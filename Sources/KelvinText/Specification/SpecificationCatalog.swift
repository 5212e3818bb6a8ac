import KelvinCore

/// One kind of item a catalog can build: a name, its typed parameters and a builder.
///
/// Values are bound to parameters by key (`top_p(p=0.9)`, aliases included) or by position
/// (`top_p=0.9`, `exp(1,0.995)`: the first values fill the parameters in order); positional
/// values come before keyed ones. A variadic parameter takes every value given by position.
public struct SpecificationForm<Result>: Sendable {
  /// The name that selects the form.
  public let name: String
  /// One line of help.
  public let summary: String
  /// The parameters, in positional order.
  public let parameters: [AnySpecificationParameter]
  let builder: @Sendable (SpecificationArguments) throws -> Result

  /// Creates a form.
  ///
  /// - Parameters:
  ///   - name: The name.
  ///   - summary: One line of help.
  ///   - parameters: The parameters in positional order.
  ///   - build: Builds the result from the bound values; its errors are reported with the
  ///     item (a ``SpecificationError`` as it is, any other error as its description).
  public init(
    _ name: String, summary: String, parameters: [AnySpecificationParameter],
    build: @escaping @Sendable (SpecificationArguments) throws -> Result
  ) {
    self.name = name
    self.summary = summary
    self.parameters = parameters
    self.builder = build
  }

  /// The form as help shows it: `top_p(p=0.95, min_keep=1)`.
  public var synopsis: String {
    guard !parameters.isEmpty else { return name }
    let list = parameters.map { parameter in
      parameter.isVariadic
        ? "\(parameter.name)…" : "\(parameter.name)=\(parameter.defaultText ?? "…")"
    }
    return "\(name)(\(list.joined(separator: ", ")))"
  }

  /// Binds the item's values to the parameters and builds the result.
  ///
  /// - Throws: ``SpecificationError`` naming the item and the parameter.
  public func build(_ item: SpecificationItem) throws -> Result {
    var bound: [String: any Sendable] = [:]
    var positional: [SpecificationValue] = []
    var sawKey = false
    for argument in item.arguments {
      guard let key = argument.key else {
        guard !sawKey else {
          throw SpecificationError(
            item: item.text,
            problem: "values without a name must come before named ones ('\(argument.value.text)')")
        }
        positional.append(argument.value)
        continue
      }
      sawKey = true
      guard let parameter = parameters.first(where: { $0.answers(to: key) }) else {
        let names = parameters.map(\.name)
        let hint = ClosestName.suggestion(for: key, among: names).map { " (did you mean '\($0)'?)" }
        let known = names.isEmpty ? "none" : names.joined(separator: ", ")
        throw SpecificationError(
          item: item.text, key: key,
          problem: "\(name) has no parameter '\(key)'\(hint ?? ""); its parameters: \(known)")
      }
      guard bound[parameter.name] == nil else {
        throw SpecificationError(
          item: item.text, key: parameter.name, problem: "\(parameter.name) is given twice")
      }
      bound[parameter.name] = try parameter.read([argument.value], item)
    }
    var index = 0
    for parameter in parameters where index < positional.count {
      if parameter.isVariadic {
        bound[parameter.name] = try parameter.read(Array(positional[index...]), item)
        index = positional.count
        break
      }
      guard bound[parameter.name] == nil else {
        throw SpecificationError(
          item: item.text, key: parameter.name,
          problem: "\(parameter.name) is given by position and by name")
      }
      bound[parameter.name] = try parameter.read([positional[index]], item)
      index += 1
    }
    guard index == positional.count else {
      throw SpecificationError(
        item: item.text,
        problem:
          "\(name) takes at most \(index) value\(index == 1 ? "" : "s") without names, got \(positional.count)"
      )
    }
    for parameter in parameters where bound[parameter.name] == nil {
      if let value = parameter.defaultBox {
        bound[parameter.name] = value
      } else if parameter.isVariadic {
        bound[parameter.name] = try parameter.read([], item)
      } else if parameter.isRequired {
        throw SpecificationError(
          item: item.text, key: parameter.name,
          problem: "\(name) needs \(parameter.name) (\(parameter.requirement))")
      }
    }
    let arguments = SpecificationArguments(item: item, values: bound)
    do {
      return try builder(arguments)
    } catch let error as SpecificationError {
      throw error
    } catch {
      throw SpecificationError(item: item.text, problem: "\(error)")
    }
  }
}

/// The values bound to a form's parameters, read with the parameters themselves.
public struct SpecificationArguments: Sendable {
  /// The item being built, for messages.
  public let item: SpecificationItem
  let values: [String: any Sendable]

  /// The value of a parameter that has a default or is required.
  ///
  /// - Precondition: The parameter belongs to the form (a programmer error otherwise).
  public subscript<Value>(_ parameter: SpecificationParameter<Value>) -> Value {
    guard let value = values[parameter.name] as? Value else {
      preconditionFailure("parameter '\(parameter.name)' is not bound in '\(item.name)'")
    }
    return value
  }

  /// The value of an optional parameter, or `nil` when the item omits it.
  public func valueIfGiven<Value>(_ parameter: SpecificationParameter<Value>) -> Value? {
    values[parameter.name] as? Value
  }
}

/// The forms of one kind of thing (processors, policies, schedules), and building items.
public struct SpecificationCatalog<Result>: Sendable {
  /// What the forms are, for messages: `processor`, `policy`, `schedule`.
  public let kind: String
  /// The forms, in the order help lists them.
  public let forms: [SpecificationForm<Result>]

  /// Creates a catalog.
  public init(kind: String, forms: [SpecificationForm<Result>]) {
    self.kind = kind
    self.forms = forms
  }

  /// The form called `name`.
  public func form(named name: String) -> SpecificationForm<Result>? {
    forms.first { $0.name == name }
  }

  /// Builds one item.
  ///
  /// - Throws: ``SpecificationError``: an unknown name (with a suggestion and the known
  ///   names), or whatever binding the form reports.
  public func build(_ item: SpecificationItem) throws -> Result {
    guard let form = form(named: item.name) else { throw unknown(item) }
    return try form.build(item)
  }

  /// The error for an item whose name no form has.
  public func unknown(_ item: SpecificationItem, alsoKnown extra: [String] = [])
    -> SpecificationError
  {
    let names = forms.map(\.name) + extra
    let hint = ClosestName.suggestion(for: item.name, among: names).map {
      " (did you mean '\($0)'?)"
    }
    return SpecificationError(
      item: item.text,
      problem:
        "unknown \(kind) '\(item.name)'\(hint ?? ""); known: \(names.joined(separator: ", "))"
    )
  }
}
