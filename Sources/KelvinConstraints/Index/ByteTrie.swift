import KelvinSampling

/// A byte trie of a vocabulary's tokens (the end-of-sequence token and empty tokens left out),
/// as parallel arrays: first child, next sibling, edge label, and the tokens that end at each
/// node (linked through `nextToken`, so equal tokens share a node).
struct ByteTrie {
  var firstChild: [Int32] = [-1]
  var nextSibling: [Int32] = [-1]
  var label: [UInt8] = [0]
  var firstToken: [Int32] = [-1]
  var nextToken: [Int32]

  init(_ vocabulary: TokenVocabulary) {
    nextToken = [Int32](repeating: -1, count: vocabulary.count)
    var lastChild: [Int32] = [-1]
    let order = (0..<vocabulary.count).filter {
      !vocabulary.tokens[$0].isEmpty && $0 != vocabulary.endOfSequence
    }.sorted { vocabulary.tokens[$0].lexicographicallyPrecedes(vocabulary.tokens[$1]) }
    var path: [Int32] = [0]
    var previous: [UInt8] = []
    for token in order {
      let bytes = vocabulary.tokens[token]
      var shared = 0
      while shared < bytes.count, shared < previous.count, bytes[shared] == previous[shared] {
        shared += 1
      }
      path.removeLast(path.count - 1 - shared)
      for byte in bytes[shared...] {
        let parent = path[path.count - 1]
        let node = Int32(label.count)
        firstChild.append(-1)
        nextSibling.append(-1)
        label.append(byte)
        firstToken.append(-1)
        lastChild.append(-1)
        if lastChild[Int(parent)] < 0 {
          firstChild[Int(parent)] = node
        } else {
          nextSibling[Int(lastChild[Int(parent)])] = node
        }
        lastChild[Int(parent)] = node
        path.append(node)
      }
      let end = Int(path[path.count - 1])
      nextToken[token] = firstToken[end]
      firstToken[end] = Int32(token)
      previous = bytes
    }
  }

  /// Calls `visit(token, state after it)` for every token whose bytes the DFA can consume
  /// from `state`, pruning the trie at dead states.
  func walk(from state: Int32, _ dfa: ByteDFA, _ visit: (Int32, Int32) -> Void) {
    var stack: [(node: Int32, state: Int32)] = [(0, state)]
    while let (node, current) = stack.popLast() {
      var token = firstToken[Int(node)]
      while token >= 0 {
        visit(token, current)
        token = nextToken[Int(token)]
      }
      var child = firstChild[Int(node)]
      while child >= 0 {
        let next = dfa.next(current, label[Int(child)])
        if next >= 0 { stack.append((child, next)) }
        child = nextSibling[Int(child)]
      }
    }
  }
}
