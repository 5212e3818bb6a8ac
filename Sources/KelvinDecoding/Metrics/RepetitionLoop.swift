/// Whether `text` ends in a repetition loop: its last `max(minimumLength, p)` characters
/// (Unicode scalars) each equal the character `p` places before, for some period `p ≥ 1`;
/// that is, the text ends with a stretch of at least `minimumLength` characters, and at least
/// one whole period, that repeats what came just before it.
///
/// `"… I will see the LORD, I will see the LORD,"` loops with period 21 once the stretch is
/// 21 characters long; with the default `minimumLength` of 20, `"abababababababababababab"` (24
/// characters) loops with period 2, and an ordinary sentence does not. This is the character
/// form of the "ends in a repetition loop" measure of Holtzman and others (2020).
///
/// - Complexity: O(n²) for a text of n characters in the worst case.
public func endsInRepetitionLoop(_ text: String, minimumLength: Int = 20) -> Bool {
  let scalars = Array(text.unicodeScalars)
  let n = scalars.count
  guard minimumLength >= 1, n >= 2 else { return false }
  for period in 1...(n / 2) {
    let stretch = max(minimumLength, period)
    guard stretch + period <= n else { break }
    var repeats = true
    for position in (n - stretch)..<n where scalars[position] != scalars[position - period] {
      repeats = false
      break
    }
    if repeats { return true }
  }
  return false
}
