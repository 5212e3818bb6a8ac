import KelvinCore

/// Kelvin's one grammar for things written as `name`, `name=value` or `name(key=value,…)`:
/// sampler chains, bandit policies and temperature schedules.
///
/// ```text
/// list      := item (separator item)*            separator: ',' or ';' (the caller's choice)
/// item      := name [ '=' value | '(' [argument (',' argument)*] ')' ]
/// argument  := [name '='] value
/// value     := name '(' … ')'                    a nested item, e.g. a schedule
///            | word                              any text without , ; ( ) =
/// name      := letter or '_', then letters, digits or '_'
/// ```
///
/// Spaces around names, words and punctuation are ignored. Examples:
/// `top_k=40;top_p(p=0.95,min_keep=2);dist`,
/// `boltzmann(schedule=exp(1,0.995)),egreedy(0.1)`, `logit_bias(3:-1.5,7:-inf)`.
///
/// The parser checks form only; what names and values mean is the business of a
/// ``SpecificationCatalog``. Hostile input is bounded: at most ``maximumLength`` characters
/// and ``maximumDepth`` levels of nesting, checked before any work.
public enum Specification {
  /// The longest specification accepted, in characters.
  public static let maximumLength = 65_536
  /// The deepest nesting accepted (`a(b(c(…)))`).
  public static let maximumDepth = 16

  /// Parses a list of items.
  ///
  /// - Parameters:
  ///   - text: The specification.
  ///   - separators: The characters that separate top-level items.
  /// - Throws: ``SpecificationError`` naming the position and what was expected there.
  /// - Complexity: O(n) in the length of the text.
  public static func parse(_ text: String, separators: Set<Character> = [",", ";"])
    throws(SpecificationError) -> [SpecificationItem]
  {
    guard text.count <= maximumLength else {
      throw SpecificationError(
        syntaxOf: String(text.prefix(40)) + "...",
        problem: "is \(text.count) characters long; the limit is \(maximumLength)")
    }
    var parser = Parser(text: text, separators: separators)
    return try parser.list()
  }
}

/// One item: a name and its arguments, with the text it was written as.
public struct SpecificationItem: Sendable, Equatable, CustomStringConvertible {
  /// The name (`top_k`).
  public let name: String
  /// The arguments in order; `name=value` gives one argument without a key.
  public let arguments: [SpecificationArgument]
  /// The item as written, spaces trimmed (`top_k=40`), for messages.
  public let text: String

  /// Creates an item.
  public init(name: String, arguments: [SpecificationArgument], text: String) {
    self.name = name
    self.arguments = arguments
    self.text = text
  }

  /// The item as written.
  public var description: String { text }
}

/// One argument of an item: an optional key and a value.
public struct SpecificationArgument: Sendable, Equatable {
  /// The key, for `key=value`; `nil` for a value given by position.
  public let key: String?
  /// The value.
  public let value: SpecificationValue

  /// Creates an argument.
  public init(key: String?, value: SpecificationValue) {
    self.key = key
    self.value = value
  }
}

/// A value: a word (a number, `3:-1.5`, `counted`) or a nested item (`exp(1,0.995)`).
public indirect enum SpecificationValue: Sendable, Equatable {
  /// A word, spaces trimmed.
  case word(String)
  /// A nested item.
  case item(SpecificationItem)

  /// The value as written.
  public var text: String {
    switch self {
    case .word(let word): return word
    case .item(let item): return item.text
    }
  }
}

/// The recursive-descent parser over the characters of one specification.
struct Parser {
  let characters: [Character]
  let separators: Set<Character>
  let whole: String
  var position = 0

  init(text: String, separators: Set<Character>) {
    self.characters = Array(text)
    self.separators = separators
    self.whole = text
  }

  static let punctuation: Set<Character> = [",", ";", "(", ")", "="]

  mutating func list() throws(SpecificationError) -> [SpecificationItem] {
    var items: [SpecificationItem] = []
    skipSpaces()
    guard position < characters.count else { throw failure("is empty") }
    while true {
      items.append(try item(depth: 1))
      skipSpaces()
      guard position < characters.count else { return items }
      guard separators.contains(characters[position]) else {
        throw failure("has '\(characters[position])' where a separator or the end belongs")
      }
      position += 1
      skipSpaces()
      guard position < characters.count, !separators.contains(characters[position]) else {
        throw failure("has an empty item")
      }
    }
  }

  mutating func item(depth: Int) throws(SpecificationError) -> SpecificationItem {
    guard depth <= Specification.maximumDepth else {
      throw failure("nests deeper than \(Specification.maximumDepth) levels")
    }
    let start = position
    guard let name = name() else {
      throw failure("needs a name (letters, digits and _) where '\(excerpt())' stands")
    }
    skipSpaces()
    var arguments: [SpecificationArgument] = []
    if position < characters.count, characters[position] == "=" {
      position += 1
      arguments.append(SpecificationArgument(key: nil, value: try value(depth: depth)))
    } else if position < characters.count, characters[position] == "(" {
      position += 1
      skipSpaces()
      if position < characters.count, characters[position] == ")" {
        position += 1
      } else {
        while true {
          arguments.append(try argument(depth: depth))
          skipSpaces()
          guard position < characters.count else {
            throw failure("has '(' without its ')' (after '\(name)')")
          }
          if characters[position] == ")" {
            position += 1
            break
          }
          guard characters[position] == "," else {
            throw failure("has '\(characters[position])' where ',' or ')' belongs")
          }
          position += 1
        }
      }
    }
    return SpecificationItem(name: name, arguments: arguments, text: text(from: start))
  }

  mutating func argument(depth: Int) throws(SpecificationError) -> SpecificationArgument {
    skipSpaces()
    let start = position
    if let key = name() {
      skipSpaces()
      if position < characters.count, characters[position] == "=" {
        position += 1
        return SpecificationArgument(key: key, value: try value(depth: depth))
      }
    }
    position = start
    return SpecificationArgument(key: nil, value: try value(depth: depth))
  }

  mutating func value(depth: Int) throws(SpecificationError) -> SpecificationValue {
    skipSpaces()
    let start = position
    if name() != nil {
      skipSpaces()
      if position < characters.count, characters[position] == "(" {
        position = start
        return .item(try item(depth: depth + 1))
      }
    }
    position = start
    while position < characters.count, !Self.punctuation.contains(characters[position]) {
      position += 1
    }
    let word = text(from: start)
    guard !word.isEmpty else { throw failure("needs a value where '\(excerpt())' stands") }
    return .word(word)
  }

  /// A name at the current position, or `nil` (the position then does not move).
  mutating func name() -> String? {
    skipSpaces()
    guard position < characters.count, characters[position].isNameStart else { return nil }
    let start = position
    while position < characters.count, characters[position].isNameCharacter { position += 1 }
    return String(characters[start..<position])
  }

  mutating func skipSpaces() {
    while position < characters.count, characters[position] == " " || characters[position] == "\t" {
      position += 1
    }
  }

  func text(from start: Int) -> String {
    var end = position
    while end > start, characters[end - 1] == " " || characters[end - 1] == "\t" { end -= 1 }
    var first = start
    while first < end, characters[first] == " " || characters[first] == "\t" { first += 1 }
    return String(characters[first..<end])
  }

  func excerpt() -> String {
    guard position < characters.count else { return "the end" }
    return String(characters[position..<min(characters.count, position + 12)])
  }

  func failure(_ problem: String) -> SpecificationError {
    SpecificationError(
      syntaxOf: whole.count > 80 ? String(whole.prefix(77)) + "..." : whole,
      problem: position < characters.count ? "\(problem) (character \(position + 1))" : problem)
  }
}

extension Character {
  var isNameStart: Bool { isASCII && (isLetter || self == "_") }
  var isNameCharacter: Bool { isASCII && (isLetter || isNumber || self == "_") }
}
