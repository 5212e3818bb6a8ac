/// A compiled pattern that finds matches in arrays of Unicode scalars with Oniguruma's
/// semantics (the engine Hugging Face `tokenizers` uses for `Split`, `Replace` and the
/// `ByteLevel` pre-tokenizer): leftmost match, alternatives tried in order, greedy or lazy
/// quantifiers with backtracking, atomic lookahead.
///
/// It is a backtracking machine over a small instruction array. A repetition of one class
/// (`\p{L}+`, `\s*`) is a single instruction that scans its run at once and gives back one
/// scalar at a time; an alternative is skipped without a backtracking entry when the scalar
/// at hand cannot begin it. A search that takes more than ``stepLimit`` steps is stopped and
/// reported, rather than running for hours on a pathological pattern.
struct ScalarPattern: Sendable {
  fileprivate enum Instruction: Sendable {
    case set(Int32)
    /// A run of `set` between `minimum` and `maximum` scalars.
    case run(set: Int32, minimum: Int32, maximum: Int32, greedy: Bool)
    /// Try `primary` first, then `alternative`; `guardSet` (≥ 0) is a set the scalar at hand
    /// must be in for `primary` to be worth trying.
    case split(primary: Int32, alternative: Int32, guardSet: Int32)
    case jump(Int32)
    /// A sub-program from the next instruction to `end` (exclusive, ending with `succeed`).
    case look(end: Int32, negated: Bool)
    case atomic(end: Int32)
    case anchor(PatternAnchor)
    case succeed
  }

  private var instructions: [Instruction] = []
  private var sets: [ScalarSet] = []
  private let tables: UnicodeTables
  /// The scalars a match can begin with, or nil when the pattern can match the empty string.
  private var firstSet: Int32 = -1
  /// The pattern text.
  let source: String
  /// The scalars of a literal pattern (nil for a regex).
  private(set) var literalScalars: [UInt32]? = nil

  /// The number of machine steps one search may take, by default.
  static let defaultStepLimit = 50_000_000
  /// The number of machine steps one search of this pattern may take.
  var stepLimit = ScalarPattern.defaultStepLimit
  /// The largest compiled program accepted.
  static let instructionLimit = 100_000

  /// Compiles `pattern`.
  ///
  /// - Throws: ``TokenizerError/pattern(_:_:)`` for syntax outside the supported subset, a
  ///   repetition of something that can match the empty string without bound, or a program
  ///   above ``instructionLimit`` instructions.
  init(_ pattern: String, tables: UnicodeTables, stepLimit: Int = defaultStepLimit)
    throws(TokenizerError)
  {
    self.tables = tables
    self.stepLimit = stepLimit
    source = pattern
    var parser = PatternParser(pattern, tables: tables)
    let node = try parser.parse()
    try emit(node)
    instructions.append(.succeed)
    let (first, nullable) = firstScalars(node)
    if !nullable, let first { firstSet = addSet(first) }
    sets = sets.map { $0.prepared(tables: tables) }
  }

  /// A pattern matching `literal` exactly (a `String` pattern of `Split` or `Replace`).
  init(literal: String, tables: UnicodeTables) {
    self.tables = tables
    source = literal
    literalScalars = literal.unicodeScalars.map(\.value)
    for scalar in literal.unicodeScalars {
      instructions.append(.set(Int32(sets.count)))
      sets.append(ScalarSet(scalar.value))
    }
    instructions.append(.succeed)
    if let first = literal.unicodeScalars.first { firstSet = addSet(ScalarSet(first.value)) }
    sets = sets.map { $0.prepared(tables: tables) }
  }

  private mutating func addSet(_ set: ScalarSet) -> Int32 {
    sets.append(set)
    return Int32(sets.count - 1)
  }

  private func error(_ message: String) -> TokenizerError { .pattern(source, message) }

  // MARK: - Compiling

  /// The scalars `node` can begin with, and whether it can match the empty string.
  private func firstScalars(_ node: PatternNode) -> (ScalarSet?, Bool) {
    switch node {
    case .set(let set): return (set, false)
    case .sequence(let items):
      var sets: [ScalarSet] = []
      for item in items {
        let (first, nullable) = firstScalars(item)
        guard let first else {
          if case .sequence(let inner) = item, inner.isEmpty { continue }  // a flag group
          return (nil, true)
        }
        sets.append(first)
        if !nullable { return (.union(sets), false) }
      }
      return (sets.isEmpty ? nil : .union(sets), true)
    case .alternation(let branches):
      var sets: [ScalarSet] = []
      var nullable = false
      for branch in branches {
        let (first, empty) = firstScalars(branch)
        guard let first else { return (nil, true) }
        sets.append(first)
        nullable = nullable || empty
      }
      return (.union(sets), nullable)
    case .repeated(let body, let minimum, _, _, _):
      let (first, nullable) = firstScalars(body)
      return (first, nullable || minimum == 0)
    case .atomic(let body): return firstScalars(body)
    case .lookahead, .anchor: return (nil, true)
    }
  }

  private func canMatchEmpty(_ node: PatternNode) -> Bool {
    switch node {
    case .set: return false
    case .sequence(let items): return items.allSatisfy(canMatchEmpty)
    case .alternation(let branches): return branches.contains(where: canMatchEmpty)
    case .repeated(let body, let minimum, _, _, _): return minimum == 0 || canMatchEmpty(body)
    case .atomic(let body): return canMatchEmpty(body)
    case .lookahead, .anchor: return true
    }
  }

  private mutating func append(_ instruction: Instruction) throws(TokenizerError) {
    guard instructions.count < Self.instructionLimit else {
      throw error("the compiled pattern exceeds \(Self.instructionLimit) instructions")
    }
    instructions.append(instruction)
  }

  private var here: Int32 { Int32(instructions.count) }

  private mutating func emit(_ node: PatternNode) throws(TokenizerError) {
    switch node {
    case .set(let set): try append(.set(addSet(set)))
    case .sequence(let items): for item in items { try emit(item) }
    case .alternation(let branches):
      var exits: [Int] = []
      for (number, branch) in branches.enumerated() {
        if number == branches.count - 1 {
          try emit(branch)
          break
        }
        let split = instructions.count
        let (first, nullable) = firstScalars(branch)
        let guardSet = !nullable && first != nil ? addSet(first ?? ScalarSet()) : -1
        try append(.split(primary: 0, alternative: 0, guardSet: guardSet))
        try emit(branch)
        exits.append(instructions.count)
        try append(.jump(0))
        instructions[split] = .split(
          primary: Int32(split + 1), alternative: here, guardSet: guardSet)
      }
      for exit in exits { instructions[exit] = .jump(here) }
    case .repeated(let body, let minimum, let maximum, let greedy, let possessive):
      if possessive {
        try emit(
          .atomic(
            .repeated(body, minimum: minimum, maximum: maximum, greedy: true, possessive: false)))
        return
      }
      if case .set(let set) = body {
        try append(
          .run(
            set: addSet(set), minimum: Int32(minimum), maximum: Int32(maximum ?? Int(Int32.max)),
            greedy: greedy))
        return
      }
      if maximum == nil, canMatchEmpty(body) {
        throw error("an unbounded repetition of something that can match the empty string")
      }
      for _ in 0..<minimum { try emit(body) }
      if let maximum {
        // Optional copies, each inside the previous: x{0,2} = (x(x)?)?.
        var splits: [Int] = []
        for _ in minimum..<maximum {
          splits.append(instructions.count)
          try append(.split(primary: 0, alternative: 0, guardSet: -1))
          try emit(body)
        }
        for split in splits {
          let next = Int32(split + 1)
          instructions[split] =
            greedy
            ? .split(primary: next, alternative: here, guardSet: -1)
            : .split(primary: here, alternative: next, guardSet: -1)
        }
      } else {
        let loop = instructions.count
        try append(.split(primary: 0, alternative: 0, guardSet: -1))
        try emit(body)
        try append(.jump(Int32(loop)))
        let next = Int32(loop + 1)
        instructions[loop] =
          greedy
          ? .split(primary: next, alternative: here, guardSet: -1)
          : .split(primary: here, alternative: next, guardSet: -1)
      }
    case .lookahead(let body, let negated):
      let start = instructions.count
      try append(.look(end: 0, negated: negated))
      try emit(body)
      try append(.succeed)
      instructions[start] = .look(end: here, negated: negated)
    case .atomic(let body):
      let start = instructions.count
      try append(.atomic(end: 0))
      try emit(body)
      try append(.succeed)
      instructions[start] = .atomic(end: here)
    case .anchor(let anchor): try append(.anchor(anchor))
    }
  }

  // MARK: - Matching

  /// A backtracking entry: resume at `pc` and `position`; for a run, `bound` is the other end
  /// of what is left to give back (greedy) or to take (lazy).
  fileprivate struct Entry {
    var pc: Int32
    var position: Int32
    var bound: Int32
    /// 0: a split's alternative; 1: a greedy run giving back; 2: a lazy run taking more.
    var kind: UInt8
  }

  /// The work space of searches: the backtracking stack and the step budget.
  struct Scratch {
    fileprivate var stack: [Entry] = []
    fileprivate var steps = 0
  }

  /// The first match in `text` starting at or after `start`, as a range of indices.
  ///
  /// - Throws: ``TokenizerError/pattern(_:_:)`` when the search exceeds ``stepLimit`` steps.
  func firstMatch(
    in text: UnsafeBufferPointer<UInt32>, from start: Int, scratch: inout Scratch
  ) throws(TokenizerError) -> Range<Int>? {
    scratch.steps = 0
    var position = start
    let first = firstSet >= 0 ? sets[Int(firstSet)] : nil
    while position <= text.count {
      if let first {
        while position < text.count, !first.contains(text[position], tables: tables) {
          position += 1
        }
        if position == text.count { return nil }
      }
      if let end = try run(pc: 0, at: position, in: text, scratch: &scratch) {
        return position..<end
      }
      position += 1
    }
    return nil
  }

  /// Every match in `text`, as `tokenizers` finds them with Oniguruma's `find_iter`: none in
  /// the empty text; after an empty match the search moves on one scalar, and an empty match
  /// right where the previous match ended is skipped.
  func matches(in text: UnsafeBufferPointer<UInt32>, scratch: inout Scratch) throws(TokenizerError)
    -> [Range<Int>]
  {
    guard !text.isEmpty else { return [] }
    var found: [Range<Int>] = []
    var searchFrom = 0
    var lastEnd: Int? = nil
    while searchFrom <= text.count {
      guard let match = try firstMatch(in: text, from: searchFrom, scratch: &scratch) else { break }
      if match.isEmpty, lastEnd == match.upperBound {
        searchFrom += 1
        continue
      }
      found.append(match)
      searchFrom = match.isEmpty ? match.upperBound + 1 : match.upperBound
      lastEnd = match.upperBound
      if match.isEmpty, match.upperBound == text.count { break }
    }
    return found
  }

  private func isWord(_ text: UnsafeBufferPointer<UInt32>, _ index: Int) -> Bool {
    index >= 0 && index < text.count && tables.properties(text[index]).contains(.word)
  }

  /// Runs the program from `pc` at `position` until a `succeed`: the end of the match, or nil.
  private func run(
    pc start: Int32, at position: Int, in text: UnsafeBufferPointer<UInt32>,
    scratch: inout Scratch
  ) throws(TokenizerError) -> Int? {
    let base = scratch.stack.count
    defer { scratch.stack.removeSubrange(base...) }
    var pc = Int(start)
    var position = position
    let count = text.count
    while true {
      scratch.steps += 1
      if scratch.steps > stepLimit {
        throw error("the search took more than \(stepLimit) steps")
      }
      var failed = false
      switch instructions[pc] {
      case .set(let set):
        if position < count, sets[Int(set)].contains(text[position], tables: tables) {
          position += 1
          pc += 1
        } else {
          failed = true
        }
      case .run(let setIndex, let minimum, let maximum, let greedy):
        let set = sets[Int(setIndex)]
        let low = position + Int(minimum)
        if greedy {
          var end = position
          let limit = Int(maximum) >= count - position ? count : position + Int(maximum)
          while end < limit, set.contains(text[end], tables: tables) { end += 1 }
          if end < low {
            failed = true
          } else {
            if end > low {
              scratch.stack.append(
                Entry(pc: Int32(pc), position: Int32(end), bound: Int32(low), kind: 1))
            }
            position = end
            pc += 1
          }
        } else {
          var end = position
          while end < low, end < count, set.contains(text[end], tables: tables) { end += 1 }
          if end < low {
            failed = true
          } else {
            let limit = Int(maximum) >= count - position ? count : position + Int(maximum)
            if end < limit {
              scratch.stack.append(
                Entry(pc: Int32(pc), position: Int32(end), bound: Int32(limit), kind: 2))
            }
            position = end
            pc += 1
          }
        }
      case .split(let primary, let alternative, let guardSet):
        if guardSet >= 0,
          position >= count || !sets[Int(guardSet)].contains(text[position], tables: tables)
        {
          pc = Int(alternative)
        } else {
          scratch.stack.append(
            Entry(pc: alternative, position: Int32(position), bound: 0, kind: 0))
          pc = Int(primary)
        }
      case .jump(let target): pc = Int(target)
      case .look(let end, let negated):
        let found = try run(pc: Int32(pc + 1), at: position, in: text, scratch: &scratch) != nil
        if found != negated {
          pc = Int(end)
        } else {
          failed = true
        }
      case .atomic(let end):
        if let matched = try run(pc: Int32(pc + 1), at: position, in: text, scratch: &scratch) {
          position = matched
          pc = Int(end)
        } else {
          failed = true
        }
      case .anchor(let anchor):
        let passes: Bool
        switch anchor {
        case .lineStart: passes = position == 0 || text[position - 1] == 0x0A
        case .lineEnd: passes = position == count || text[position] == 0x0A
        case .textStart: passes = position == 0
        case .textEnd: passes = position == count
        case .textEndOrFinalNewline:
          passes = position == count || (position == count - 1 && text[position] == 0x0A)
        case .wordBoundary: passes = isWord(text, position - 1) != isWord(text, position)
        case .notWordBoundary: passes = isWord(text, position - 1) == isWord(text, position)
        }
        if passes { pc += 1 } else { failed = true }
      case .succeed:
        return position
      }
      guard failed else { continue }
      // Backtrack to the most recent entry that can still make progress.
      backtracking: while true {
        guard scratch.stack.count > base else { return nil }
        var entry = scratch.stack.removeLast()
        switch entry.kind {
        case 0:
          pc = Int(entry.pc)
          position = Int(entry.position)
          break backtracking
        case 1:
          entry.position -= 1
          if entry.position > entry.bound { scratch.stack.append(entry) }
          pc = Int(entry.pc) + 1
          position = Int(entry.position)
          break backtracking
        default:
          guard case .run(let setIndex, _, _, _) = instructions[Int(entry.pc)],
            Int(entry.position) < count,
            sets[Int(setIndex)].contains(text[Int(entry.position)], tables: tables)
          else { continue backtracking }  // the run cannot take more: this entry is spent
          entry.position += 1
          if entry.position < entry.bound { scratch.stack.append(entry) }
          pc = Int(entry.pc) + 1
          position = Int(entry.position)
          break backtracking
        }
      }
    }
  }
}
