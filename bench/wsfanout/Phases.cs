using System.Text.Json.Nodes;

namespace WsFanout;

public enum PhaseKind { Warmup, Steady, Ramp }

/// <summary>A writer run without sockets and the cores used meanwhile.</summary>
public sealed record Baseline(Writer.Run Run, JsonObject Cpu);

/// <summary>A writer run with the sockets open: sockets ended and messages_dropped frames so far (after its drain),
/// and the cores used during the run and its drain.</summary>
public sealed record SocketPhase(PhaseKind Kind, Writer.Run Run, long EndedSoFar, long DroppedSoFar, JsonObject Cpu);

public sealed record SocketCounts(List<NotificationSocket> Open, int Failed, int NoSnapshot, int Foreign);
