/// Bad input from the user (a spec, a shape, a file, a parameter): printed as one line, exit 2.
struct InputError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
