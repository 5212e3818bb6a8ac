#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(ucrt)
  import ucrt
#endif

/// The elementary functions Kelvin's kernels use, in `Double`, from the platform's C library
/// (glibc's `exp` and `log` are accurate to within 1 ulp).
///
/// Kept in one place so that the rest of the module imports no platform module, and so that a
/// faster kernel (issue 5) can be checked against exactly these.
@usableFromInline
enum Elementary {
  @inlinable static func exp(_ x: Double) -> Double { platformExp(x) }
  @inlinable static func log(_ x: Double) -> Double { platformLog(x) }
  @inlinable static func log1p(_ x: Double) -> Double { platformLog1p(x) }
  @inlinable static func cos(_ x: Double) -> Double { platformCos(x) }
}

// Free functions so that the names inside `Elementary` do not shadow the C library's.
@inlinable func platformExp(_ x: Double) -> Double { exp(x) }
@inlinable func platformLog(_ x: Double) -> Double { log(x) }
@inlinable func platformLog1p(_ x: Double) -> Double { log1p(x) }
@inlinable func platformCos(_ x: Double) -> Double { cos(x) }
