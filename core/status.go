package core

// The status table, transcribed from CPython 3.13's http.HTTPStatus (the
// facts are RFC 9110's and the IANA registry's). gohttp always behaves as
// 3.13 does, also under older Pythons (behaviour.md HC-T2).

// StatusEntry is one HTTP status as Python 3.13's http.HTTPStatus has it.
// Alias marks a second name for a code (REQUEST_ENTITY_TOO_LARGE for 413).
type StatusEntry struct {
	Code        int
	Name        string
	Phrase      string
	Description string
	Alias       bool
}

// StatusTable lists every status, canonical names first within a code, in
// http.HTTPStatus's order (behaviour.md HC-A2, HC-A3).
var StatusTable = []StatusEntry{
	{100, "CONTINUE", "Continue", "Request received, please continue", false},
	{101, "SWITCHING_PROTOCOLS", "Switching Protocols", "Switching to new protocol; obey Upgrade header", false},
	{102, "PROCESSING", "Processing", "", false},
	{103, "EARLY_HINTS", "Early Hints", "", false},
	{200, "OK", "OK", "Request fulfilled, document follows", false},
	{201, "CREATED", "Created", "Document created, URL follows", false},
	{202, "ACCEPTED", "Accepted", "Request accepted, processing continues off-line", false},
	{203, "NON_AUTHORITATIVE_INFORMATION", "Non-Authoritative Information", "Request fulfilled from cache", false},
	{204, "NO_CONTENT", "No Content", "Request fulfilled, nothing follows", false},
	{205, "RESET_CONTENT", "Reset Content", "Clear input form for further input", false},
	{206, "PARTIAL_CONTENT", "Partial Content", "Partial content follows", false},
	{207, "MULTI_STATUS", "Multi-Status", "", false},
	{208, "ALREADY_REPORTED", "Already Reported", "", false},
	{226, "IM_USED", "IM Used", "", false},
	{300, "MULTIPLE_CHOICES", "Multiple Choices", "Object has several resources -- see URI list", false},
	{301, "MOVED_PERMANENTLY", "Moved Permanently", "Object moved permanently -- see URI list", false},
	{302, "FOUND", "Found", "Object moved temporarily -- see URI list", false},
	{303, "SEE_OTHER", "See Other", "Object moved -- see Method and URL list", false},
	{304, "NOT_MODIFIED", "Not Modified", "Document has not changed since given time", false},
	{305, "USE_PROXY", "Use Proxy", "You must use proxy specified in Location to access this resource", false},
	{307, "TEMPORARY_REDIRECT", "Temporary Redirect", "Object moved temporarily -- see URI list", false},
	{308, "PERMANENT_REDIRECT", "Permanent Redirect", "Object moved permanently -- see URI list", false},
	{400, "BAD_REQUEST", "Bad Request", "Bad request syntax or unsupported method", false},
	{401, "UNAUTHORIZED", "Unauthorized", "No permission -- see authorization schemes", false},
	{402, "PAYMENT_REQUIRED", "Payment Required", "No payment -- see charging schemes", false},
	{403, "FORBIDDEN", "Forbidden", "Request forbidden -- authorization will not help", false},
	{404, "NOT_FOUND", "Not Found", "Nothing matches the given URI", false},
	{405, "METHOD_NOT_ALLOWED", "Method Not Allowed", "Specified method is invalid for this resource", false},
	{406, "NOT_ACCEPTABLE", "Not Acceptable", "URI not available in preferred format", false},
	{407, "PROXY_AUTHENTICATION_REQUIRED", "Proxy Authentication Required", "You must authenticate with this proxy before proceeding", false},
	{408, "REQUEST_TIMEOUT", "Request Timeout", "Request timed out; try again later", false},
	{409, "CONFLICT", "Conflict", "Request conflict", false},
	{410, "GONE", "Gone", "URI no longer exists and has been permanently removed", false},
	{411, "LENGTH_REQUIRED", "Length Required", "Client must specify Content-Length", false},
	{412, "PRECONDITION_FAILED", "Precondition Failed", "Precondition in headers is false", false},
	{413, "CONTENT_TOO_LARGE", "Content Too Large", "Content is too large", false},
	{413, "REQUEST_ENTITY_TOO_LARGE", "Content Too Large", "Content is too large", true},
	{414, "URI_TOO_LONG", "URI Too Long", "URI is too long", false},
	{414, "REQUEST_URI_TOO_LONG", "URI Too Long", "URI is too long", true},
	{415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type", "Entity body in unsupported format", false},
	{416, "RANGE_NOT_SATISFIABLE", "Range Not Satisfiable", "Cannot satisfy request range", false},
	{416, "REQUESTED_RANGE_NOT_SATISFIABLE", "Range Not Satisfiable", "Cannot satisfy request range", true},
	{417, "EXPECTATION_FAILED", "Expectation Failed", "Expect condition could not be satisfied", false},
	{418, "IM_A_TEAPOT", "I'm a Teapot", "Server refuses to brew coffee because it is a teapot.", false},
	{421, "MISDIRECTED_REQUEST", "Misdirected Request", "Server is not able to produce a response", false},
	{422, "UNPROCESSABLE_CONTENT", "Unprocessable Content", "", false},
	{422, "UNPROCESSABLE_ENTITY", "Unprocessable Content", "", true},
	{423, "LOCKED", "Locked", "", false},
	{424, "FAILED_DEPENDENCY", "Failed Dependency", "", false},
	{425, "TOO_EARLY", "Too Early", "", false},
	{426, "UPGRADE_REQUIRED", "Upgrade Required", "", false},
	{428, "PRECONDITION_REQUIRED", "Precondition Required", "The origin server requires the request to be conditional", false},
	{429, "TOO_MANY_REQUESTS", "Too Many Requests", "The user has sent too many requests in a given amount of time (\"rate limiting\")", false},
	{431, "REQUEST_HEADER_FIELDS_TOO_LARGE", "Request Header Fields Too Large", "The server is unwilling to process the request because its header fields are too large", false},
	{451, "UNAVAILABLE_FOR_LEGAL_REASONS", "Unavailable For Legal Reasons", "The server is denying access to the resource as a consequence of a legal demand", false},
	{500, "INTERNAL_SERVER_ERROR", "Internal Server Error", "Server got itself in trouble", false},
	{501, "NOT_IMPLEMENTED", "Not Implemented", "Server does not support this operation", false},
	{502, "BAD_GATEWAY", "Bad Gateway", "Invalid responses from another server/proxy", false},
	{503, "SERVICE_UNAVAILABLE", "Service Unavailable", "The server cannot process the request due to a high load", false},
	{504, "GATEWAY_TIMEOUT", "Gateway Timeout", "The gateway server did not receive a timely response", false},
	{505, "HTTP_VERSION_NOT_SUPPORTED", "HTTP Version Not Supported", "Cannot fulfill request", false},
	{506, "VARIANT_ALSO_NEGOTIATES", "Variant Also Negotiates", "", false},
	{507, "INSUFFICIENT_STORAGE", "Insufficient Storage", "", false},
	{508, "LOOP_DETECTED", "Loop Detected", "", false},
	{510, "NOT_EXTENDED", "Not Extended", "", false},
	{511, "NETWORK_AUTHENTICATION_REQUIRED", "Network Authentication Required", "The client needs to authenticate to gain network access", false},
}

// StatusPhrase returns the reason phrase of code (http.client.responses),
// and false for a code it does not know.
func StatusPhrase(code int) (string, bool) {
	for _, e := range StatusTable {
		if e.Code == code && !e.Alias {
			return e.Phrase, true
		}
	}
	return "", false
}
