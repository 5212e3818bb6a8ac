/// Encodes an `Encodable` value as a ``JSONNode``, keys in the order the value encodes them.
///
/// Report types declare their members once, as stored properties with `CodingKeys`, and this
/// encoder turns them into the document ``JSONNode/serialized`` writes: integers exactly,
/// `Double`s in Swift's shortest round-trip spelling (`null` when not finite), optionals that
/// are `nil` left out (as `Encodable`'s synthesised code asks), or written as `null` when the
/// property is wrapped in ``EncodedAsNull``. Unlike Foundation's `JSONEncoder`, the order of
/// the keys is the order of encoding and numbers keep Kelvin's spelling, so a document is the
/// same on every platform.
public enum JSONNodeEncoder {
  /// The node of `value`.
  ///
  /// - Throws: `EncodingError.invalidValue` for a value that encodes nothing, or the value's
  ///   own errors.
  public static func encode(_ value: some Encodable) throws -> JSONNode {
    let root = NodeBuilder()
    try value.encode(to: NodeEncoder(builder: root, codingPath: []))
    guard let node = root.node else {
      throw EncodingError.invalidValue(
        value, .init(codingPath: [], debugDescription: "the value encoded nothing"))
    }
    return node
  }
}

/// A value wrapper that writes `nil` as `null` instead of leaving the key out.
@propertyWrapper
public struct EncodedAsNull<Value: Encodable & Sendable>: Encodable, Sendable {
  /// The value, or `nil` for `null`.
  public var wrappedValue: Value?

  /// Wraps `wrappedValue`.
  public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

  /// Encodes the value, or `null`.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
  }
}

/// A node under construction: a value, or an object or array whose members are still being
/// added by containers.
final class NodeBuilder {
  enum Content {
    case empty
    case value(JSONNode)
    case object([(String, NodeBuilder)])
    case array([NodeBuilder])
  }

  var content = Content.empty

  /// The finished node (`nil` when nothing was encoded).
  var node: JSONNode? {
    switch content {
    case .empty: return nil
    case .value(let node): return node
    case .object(let members):
      return .object(members.compactMap { key, builder in builder.node.map { (key, $0) } })
    case .array(let elements): return .array(elements.map { $0.node ?? .null })
    }
  }

  /// A new member `key` of this object (replacing one of the same key, as a dictionary would).
  func member(_ key: String) -> NodeBuilder {
    var members: [(String, NodeBuilder)]
    if case .object(let existing) = content { members = existing } else { members = [] }
    let child = NodeBuilder()
    if let index = members.firstIndex(where: { $0.0 == key }) {
      members[index].1 = child
    } else {
      members.append((key, child))
    }
    content = .object(members)
    return child
  }

  /// A new element at the end of this array.
  func element() -> NodeBuilder {
    var elements: [NodeBuilder]
    if case .array(let existing) = content { elements = existing } else { elements = [] }
    let child = NodeBuilder()
    elements.append(child)
    content = .array(elements)
    return child
  }

  func makeObject() { if case .object = content {} else { content = .object([]) } }
  func makeArray() { if case .array = content {} else { content = .array([]) } }
}

/// The `Encoder` that fills a ``NodeBuilder``.
struct NodeEncoder: Encoder {
  let builder: NodeBuilder
  let codingPath: [any CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    builder.makeObject()
    return KeyedEncodingContainer(KeyedNodeContainer<Key>(builder: builder, codingPath: codingPath))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    builder.makeArray()
    return UnkeyedNodeContainer(builder: builder, codingPath: codingPath)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer {
    SingleNodeContainer(builder: builder, codingPath: codingPath)
  }
}

/// Encodes one value into `builder` as a node of its own kind.
func encodeValue(_ value: some Encodable, into builder: NodeBuilder, codingPath: [any CodingKey])
  throws
{
  switch value {
  case let values as [Double]: builder.content = .value(.numbers(values))
  case let number as Double: builder.content = .value(.number(number))
  case let number as Float: builder.content = .value(.number(Double(number)))
  case let number as Int: builder.content = .value(.integer(number))
  case let number as Int32: builder.content = .value(.integer(Int(number)))
  case let number as UInt64:
    builder.content = .value(.number(Double(number), text: String(number)))
  case let text as String: builder.content = .value(.string(text))
  case let flag as Bool: builder.content = .value(.bool(flag))
  default: try value.encode(to: NodeEncoder(builder: builder, codingPath: codingPath))
  }
}

struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let builder: NodeBuilder
  let codingPath: [any CodingKey]

  mutating func encodeNil(forKey key: Key) throws {
    builder.member(key.stringValue).content = .value(.null)
  }

  mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
    try encodeValue(value, into: builder.member(key.stringValue), codingPath: codingPath + [key])
  }

  mutating func nestedContainer<NestedKey: CodingKey>(
    keyedBy keyType: NestedKey.Type, forKey key: Key
  ) -> KeyedEncodingContainer<NestedKey> {
    let child = builder.member(key.stringValue)
    child.makeObject()
    return KeyedEncodingContainer(
      KeyedNodeContainer<NestedKey>(builder: child, codingPath: codingPath + [key]))
  }

  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    let child = builder.member(key.stringValue)
    child.makeArray()
    return UnkeyedNodeContainer(builder: child, codingPath: codingPath + [key])
  }

  mutating func superEncoder() -> any Encoder {
    NodeEncoder(builder: builder.member("super"), codingPath: codingPath)
  }

  mutating func superEncoder(forKey key: Key) -> any Encoder {
    NodeEncoder(builder: builder.member(key.stringValue), codingPath: codingPath + [key])
  }
}

struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
  let builder: NodeBuilder
  let codingPath: [any CodingKey]

  var count: Int {
    if case .array(let elements) = builder.content { return elements.count }
    return 0
  }

  mutating func encodeNil() throws { builder.element().content = .value(.null) }

  mutating func encode<T: Encodable>(_ value: T) throws {
    try encodeValue(value, into: builder.element(), codingPath: codingPath)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
    -> KeyedEncodingContainer<NestedKey>
  {
    let child = builder.element()
    child.makeObject()
    return KeyedEncodingContainer(
      KeyedNodeContainer<NestedKey>(builder: child, codingPath: codingPath))
  }

  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
    let child = builder.element()
    child.makeArray()
    return UnkeyedNodeContainer(builder: child, codingPath: codingPath)
  }

  mutating func superEncoder() -> any Encoder {
    NodeEncoder(builder: builder.element(), codingPath: codingPath)
  }
}

struct SingleNodeContainer: SingleValueEncodingContainer {
  let builder: NodeBuilder
  let codingPath: [any CodingKey]

  mutating func encodeNil() throws { builder.content = .value(.null) }

  mutating func encode<T: Encodable>(_ value: T) throws {
    try encodeValue(value, into: builder, codingPath: codingPath)
  }
}
