/// The form decoders are their own library (fuzzed alone, `make fuzz`); Web's files and its clients use them as Web's.
@_exported import HTTPForms
