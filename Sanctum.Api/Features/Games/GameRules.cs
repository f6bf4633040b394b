using System.Text;
using System.Text.Json;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Features.Games;

/// <summary>The outcome of an accepted move: the new board, and whether it ended the game.</summary>
public sealed record MoveOutcome(string[][] Board, string? WinnerSymbol, bool IsDraw)
{
    public bool Finished => WinnerSymbol is not null || IsDraw;
}

/// <summary>
/// The board games of contract 11, pure (no I/O): boards, move parsing, legality, gravity, win and draw.
/// <list type="bullet">
/// <item><c>tictactoe</c>: a 3×3 board, payload <c>{x, y}</c> (x = row), 0 ≤ x, y ≤ 2, the cell must be empty; three in a
/// row, column or diagonal wins; nine filled cells without a win is a draw.</item>
/// <item><c>connect4</c>: a 6×7 board, row 0 at the top; payload <c>{column}</c> 0–6, the piece falls to the lowest empty
/// row; a column whose top cell is taken is full. Four in a row horizontally, vertically or on either diagonal wins; a
/// full top row without a win is a draw.</item>
/// <item>Any other type has no board logic (contract 11): its room has no board (<c>current_state</c> stays "{}") and
/// every move in it is refused with "Invalid move format", so nothing is stored and the room never finishes (it ends
/// only by leave, creator disconnect while pending, or staleness).</item>
/// </list>
/// The creator plays <c>X</c>, the opponent <c>O</c>. Messages are the contract's (12.4).
/// </summary>
public static class GameRules
{
    public const string Connect4 = "connect4";
    public const string TicTacToe = "tictactoe";
    public const string X = "X";
    public const string O = "O";

    public const string InvalidMoveFormat = "Invalid move format";
    public const string InvalidMoveLocation = "Invalid move location";
    public const string InvalidColumn = "Invalid move location or column full";
    public const string ColumnFull = "Column is full";

    public const int C4Rows = 6;
    public const int C4Columns = 7;
    public const int TttSize = 3;

    /// <summary>Whether the type has board logic.</summary>
    public static bool HasBoard(string type) => type is Connect4 or TicTacToe;

    /// <summary>Points for a win (contract 11): 15 for Connect Four, 10 otherwise.</summary>
    public static int WinPoints(string type) => type == Connect4 ? 15 : 10;

    /// <summary>An empty board of the type, or null for a type without board logic.</summary>
    public static string[][]? NewBoard(string type) => type switch
    {
        Connect4 => Empty(C4Rows, C4Columns),
        TicTacToe => Empty(TttSize, TttSize),
        _ => null,
    };

    /// <summary>Applies <paramref name="symbol"/>'s move to a copy of <paramref name="board"/>; the board passed in is
    /// not changed. A refusal carries the contract's message.</summary>
    public static Result<MoveOutcome> Apply(string type, string[][] board, string symbol, JsonElement payload) => type switch
    {
        TicTacToe => ApplyTicTacToe(board, symbol, payload),
        Connect4 => ApplyConnect4(board, symbol, payload),
        _ => Error.Validation(InvalidMoveFormat),
    };

    private static Result<MoveOutcome> ApplyTicTacToe(string[][] board, string symbol, JsonElement payload)
    {
        if (!TryInteger(payload, "x", out var x) || !TryInteger(payload, "y", out var y))
        {
            return Error.Validation(InvalidMoveFormat);
        }

        if (x is < 0 or >= TttSize || y is < 0 or >= TttSize || board[x][y].Length != 0)
        {
            return Error.Validation(InvalidMoveLocation);
        }

        var next = Copy(board);
        next[x][y] = symbol;
        var winner = Winner(next, 3);
        return new MoveOutcome(next, winner, winner is null && next.All(row => row.All(cell => cell.Length != 0)));
    }

    private static Result<MoveOutcome> ApplyConnect4(string[][] board, string symbol, JsonElement payload)
    {
        if (!TryInteger(payload, "column", out var column))
        {
            return Error.Validation(InvalidMoveFormat);
        }

        if (column is < 0 or >= C4Columns)
        {
            return Error.Validation(InvalidColumn);
        }

        if (board[0][column].Length != 0)
        {
            return Error.Validation(ColumnFull);
        }

        var next = Copy(board);
        var row = C4Rows - 1;
        while (next[row][column].Length != 0)
        {
            row--;
        }

        next[row][column] = symbol;
        var winner = Winner(next, 4);
        return new MoveOutcome(next, winner, winner is null && next[0].All(cell => cell.Length != 0));
    }

    /// <summary>The symbol with <paramref name="length"/> in a line (right, down, down-right, up-right), or null.</summary>
    public static string? Winner(string[][] board, int length)
    {
        ReadOnlySpan<(int Dr, int Dc)> directions = [(0, 1), (1, 0), (1, 1), (-1, 1)];
        for (var r = 0; r < board.Length; r++)
        {
            for (var c = 0; c < board[r].Length; c++)
            {
                var symbol = board[r][c];
                if (symbol.Length == 0)
                {
                    continue;
                }

                foreach (var (dr, dc) in directions)
                {
                    var k = 1;
                    while (k < length && At(board, r + dr * k, c + dc * k) == symbol)
                    {
                        k++;
                    }

                    if (k == length)
                    {
                        return symbol;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The board as stored in <c>current_state</c> and carried by the GameRoom object: a JSON 2-D array.</summary>
    public static string Serialize(string[][] board)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var row in board)
            {
                writer.WriteStartArray();
                foreach (var cell in row)
                {
                    writer.WriteStringValue(cell);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A stored board of the type, or a new one when the stored state is not a board of the type's shape
    /// (a room that never started holds "{}"); null for a type without board logic.</summary>
    public static string[][]? Parse(string type, string? json)
    {
        var empty = NewBoard(type);
        if (empty is null || string.IsNullOrEmpty(json))
        {
            return empty;
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() != empty.Length)
        {
            return empty;
        }

        var board = new string[empty.Length][];
        var r = 0;
        foreach (var row in root.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != empty[r].Length)
            {
                return empty;
            }

            board[r++] = row.EnumerateArray().Select(cell => cell.ValueKind == JsonValueKind.String ? cell.GetString()! : "").ToArray();
        }

        return board;
    }

    /// <summary>A whole JSON number (no fraction, no string, no null) named <paramref name="name"/> in an object payload;
    /// a number beyond the int range counts as a whole number out of any board's range.</summary>
    private static bool TryInteger(JsonElement payload, string name, out int value)
    {
        value = 0;
        if (payload.ValueKind != JsonValueKind.Object
            || !payload.TryGetProperty(name, out var property)
            || property.ValueKind != JsonValueKind.Number
            || !property.TryGetInt64(out var number))
        {
            return false;
        }

        value = number is < int.MinValue or > int.MaxValue ? -1 : (int)number;
        return true;
    }

    private static string? At(string[][] board, int r, int c) =>
        r >= 0 && r < board.Length && c >= 0 && c < board[r].Length ? board[r][c] : null;

    private static string[][] Empty(int rows, int columns) =>
        Enumerable.Range(0, rows).Select(_ => Enumerable.Repeat("", columns).ToArray()).ToArray();

    private static string[][] Copy(string[][] board) => board.Select(row => (string[])row.Clone()).ToArray();
}
