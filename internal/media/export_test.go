package media

import "time"

// SetLimits changes a library's decode budget and wait for a turn.
func SetLimits(l *Library, budget int64, wait time.Duration) { l.budget, l.wait = budget, wait }

// SetDecodeHook runs f inside every decode, while its turn is held.
func SetDecodeHook(l *Library, f func()) { l.decodeHook = f }

// Waiting is the number of uploads waiting for a turn to decode.
func Waiting(l *Library) int { return int(l.waiting.Load()) }
