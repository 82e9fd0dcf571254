import Hummingbird
import VanguardStore

/// Per-request state: who is calling (from the session cookie or bearer token), their CSRF token,
/// and which language they read.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var caller: Caller?
    public var csrfToken: String?
    public var english = false
    /// Whether the client reached us over TLS (configured, or said by the proxy): cookies get `Secure`.
    public var secureTransport = false

    /// The client's IP address, for throttling guesses (ballot codes) per client.
    public var clientAddress: String

    public init(source: Source) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Imports are up to 20 MB; the multipart envelope needs a little more.
    public var maxUploadSize: Int { 21 * 1024 * 1024 }
}
