import CKelvinKernels

/// The instruction set Kelvin's C kernels run with.
///
/// Each kernel is one vector body compiled for every level and chosen at run time by CPU
/// detection; every level gives the same bits (the same seed draws the same tokens). A lower
/// level can be chosen with ``use(_:)`` (or, for the command-line tool, the environment variable
/// `KELVIN_KERNEL_LEVEL`), so that one machine can measure each level it has.
public enum KernelLevel: Int, Sendable, CaseIterable, CustomStringConvertible {
  /// Portable C: SSE2 on x86-64 (fused multiply-adds from the C library), NEON on arm64.
  case portable = 0
  /// AVX2 with FMA (x86-64).
  case avx2 = 2
  /// AVX-512 F, DQ, BW and VL (x86-64).
  case avx512 = 3

  /// The name used by `KELVIN_KERNEL_LEVEL` and `kelvin bench`: `portable`, `avx2`, `avx512`.
  public var description: String {
    switch self {
    case .portable: "portable"
    case .avx2: "avx2"
    case .avx512: "avx512"
    }
  }

  /// The level whose name is `name`, or `nil`.
  public init?(name: String) {
    guard let level = Self.allCases.first(where: { $0.description == name }) else { return nil }
    self = level
  }

  /// The level the kernels run with now.
  public static var current: KernelLevel { level(kelvin_kernel_level()) }

  /// The best level this CPU has.
  public static var detected: KernelLevel { level(kelvin_detected_kernel_level()) }

  /// The levels this CPU can run, lowest first.
  public static var available: [KernelLevel] { levels(through: detected) }

  /// The levels up to `best`, lowest first: what a CPU whose best level is `best` can run.
  public static func levels(through best: KernelLevel) -> [KernelLevel] {
    allCases.filter { $0.rawValue <= best.rawValue }
  }

  /// Makes the kernels run with `level` from now on (process-wide).
  ///
  /// - Throws: ``KernelLevelError`` when this CPU lacks `level`.
  public static func use(_ level: KernelLevel) throws(KernelLevelError) {
    guard kelvin_use_kernel_level(Int32(level.rawValue)) == Int32(KELVIN_OK) else {
      throw KernelLevelError(requested: level, detected: detected)
    }
  }

  /// Makes the kernels run with the detected level again.
  public static func useDetected() {
    _ = kelvin_use_kernel_level(-1)  // always accepted
  }

  private static func level(_ raw: Int32) -> KernelLevel {
    KernelLevel(rawValue: Int(raw)) ?? .portable
  }
}

/// A kernel level that this CPU does not have.
public struct KernelLevelError: Error, Equatable, CustomStringConvertible {
  /// The level asked for.
  public var requested: KernelLevel
  /// The best level this CPU has.
  public var detected: KernelLevel

  /// The error for `requested` on a CPU whose best level is `detected`.
  public init(requested: KernelLevel, detected: KernelLevel) {
    self.requested = requested
    self.detected = detected
  }

  /// The message: the level asked for and the ones available.
  public var description: String {
    let names = KernelLevel.levels(through: detected).map(\.description)
    return
      "kernel level \(requested) is not supported by this CPU (it has \(names.joined(separator: ", ")))"
  }
}
