"""Reads an iCalendar feed on standard input with the `icalendar` parser and prints its events as JSON.

Strict: a malformed line, an unfolding that breaks UTF-8, or a missing required property is an error (exit 1).
"""
import json
import sys

import icalendar


def main():
    raw = sys.stdin.buffer.read()
    text = raw.decode("utf-8")  # a fold inside a UTF-8 sequence fails here
    for number, line in enumerate(text.split("\r\n"), 1):
        if len(line.encode("utf-8")) > 75:
            raise SystemExit(f"line {number} is longer than 75 octets: {line!r}")
    calendar = icalendar.Calendar.from_ical(raw)
    if calendar.errors:
        raise SystemExit(f"parse errors: {calendar.errors}")
    events = []
    for event in calendar.walk("VEVENT"):
        if event.errors:
            raise SystemExit(f"event errors: {event.errors}")
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND") if "DTEND" in event else None
        all_day = not hasattr(start, "hour")
        events.append({
            "uid": str(event["UID"]),
            "summary": str(event.get("SUMMARY", "")),
            "description": str(event.get("DESCRIPTION", "")),
            "location": str(event.get("LOCATION", "")),
            "url": str(event.get("URL", "")),
            "allDay": all_day,
            "start": start.isoformat(),
            "end": end.isoformat() if end is not None else "",
            "stamp": event.decoded("DTSTAMP").isoformat(),
        })
    json.dump({"name": str(calendar.get("X-WR-CALNAME", "")), "events": events}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
