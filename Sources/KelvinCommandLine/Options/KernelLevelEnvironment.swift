import Kelvin

/// `KELVIN_KERNEL_LEVEL`: the instruction set every command's kernels run with.
///
/// `portable`, `avx2` or `avx512`, at most what the CPU has; unset (or empty) is the best level
/// the CPU has. Every level gives the same bits, so only the speed changes: the variable lets
/// one machine measure each level it has (`kelvin bench` reports the level it ran with).
enum KernelLevelEnvironment {
  /// The variable's name.
  static let name = "KELVIN_KERNEL_LEVEL"

  /// Chooses the level the variable names.
  ///
  /// - Returns: Whether a level was chosen (the caller returns to the detected one after the
  ///   command).
  /// - Throws: A usage error naming the variable and its value when the value is not a level's
  ///   name or this CPU lacks that level.
  static func apply(_ environment: [String: String]) throws -> Bool {
    guard let value = environment[name], !value.isEmpty else { return false }
    let names = KernelLevel.allCases.map(\.description).joined(separator: ", ")
    guard let level = KernelLevel(name: value) else {
      throw CommandError.usage(
        "\(name)='\(PrintableText.line(value))' is not a kernel level (one of \(names))")
    }
    do {
      try KernelLevel.use(level)
    } catch {
      throw CommandError.usage("\(name)=\(value): \(error)")
    }
    return true
  }
}
