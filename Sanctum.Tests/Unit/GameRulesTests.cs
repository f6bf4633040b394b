using System.Text.Json;
using Sanctum.Api.Features.Games;

namespace Sanctum.Tests.Unit;

public sealed class GameRulesTests
{
    private static JsonElement Payload(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static JsonElement Column(int column) => Payload($$"""{"column":{{column}}}""");

    private static JsonElement Cell(int x, int y) => Payload($$"""{"x":{{x}},"y":{{y}}}""");

    /// <summary>Plays the moves alternately, X first; every move must be accepted. Returns the last outcome.</summary>
    private static MoveOutcome Play(string type, params JsonElement[] moves)
    {
        var board = GameRules.NewBoard(type)!;
        MoveOutcome? last = null;
        for (var i = 0; i < moves.Length; i++)
        {
            Assert.False(last?.Finished ?? false, $"the game finished before move {i}");
            var result = GameRules.Apply(type, board, i % 2 == 0 ? GameRules.X : GameRules.O, moves[i]);
            Assert.True(result.Error is null, $"move {i} refused: {result.Error?.Message}");
            last = result.Value!;
            board = last.Board;
        }

        return last!;
    }

    private static MoveOutcome C4(params int[] columns) => Play(GameRules.Connect4, columns.Select(Column).ToArray());

    private static MoveOutcome Ttt(params (int X, int Y)[] cells) => Play(GameRules.TicTacToe, cells.Select(c => Cell(c.X, c.Y)).ToArray());

    private static string Refusal(string type, string[][] board, JsonElement payload)
    {
        var result = GameRules.Apply(type, board, GameRules.X, payload);
        Assert.NotNull(result.Error);
        return result.Error!.Message;
    }

    [Fact]
    public void New_boards_have_the_contract_shapes_and_unknown_types_have_none()
    {
        var c4 = GameRules.NewBoard(GameRules.Connect4)!;
        Assert.Equal(6, c4.Length);
        Assert.All(c4, row => Assert.Equal(new[] { "", "", "", "", "", "", "" }, row));
        var ttt = GameRules.NewBoard(GameRules.TicTacToe)!;
        Assert.Equal(3, ttt.Length);
        Assert.All(ttt, row => Assert.Equal(new[] { "", "", "" }, row));
        Assert.Null(GameRules.NewBoard("chess"));
        Assert.Null(GameRules.NewBoard(""));
        Assert.Equal("[[\"\",\"\",\"\"],[\"\",\"\",\"\"],[\"\",\"\",\"\"]]", GameRules.Serialize(ttt));
    }

    [Fact]
    public void A_connect_four_piece_falls_to_the_lowest_empty_row()
    {
        var outcome = C4(3, 3, 3);

        Assert.Equal("X", outcome.Board[5][3]);
        Assert.Equal("O", outcome.Board[4][3]);
        Assert.Equal("X", outcome.Board[3][3]);
        Assert.Equal("", outcome.Board[2][3]);
        Assert.False(outcome.Finished);
    }

    [Fact]
    public void A_full_connect_four_game_ends_with_a_win_for_the_creator()
    {
        // X builds 0,1,2 on the bottom row while O stacks on 6, then X completes with 3.
        var outcome = C4(0, 6, 1, 6, 2, 5, 3);

        Assert.Equal("X", outcome.WinnerSymbol);
        Assert.False(outcome.IsDraw);
        Assert.True(outcome.Finished);
        Assert.Equal(new[] { "X", "X", "X", "X", "", "O", "O" }, outcome.Board[5]);
    }

    [Fact]
    public void Connect_four_wins_vertically()
    {
        var outcome = C4(2, 3, 2, 3, 2, 3, 2);

        Assert.Equal("X", outcome.WinnerSymbol);
    }

    [Fact]
    public void Connect_four_wins_on_the_up_right_diagonal()
    {
        // X on (5,0), (4,1), (3,2), (2,3).
        var outcome = C4(0, 1, 1, 2, 2, 3, 2, 3, 3, 6, 3);

        Assert.Equal("X", outcome.WinnerSymbol);
        Assert.Equal("X", outcome.Board[2][3]);
    }

    [Fact]
    public void Connect_four_wins_on_the_down_right_diagonal()
    {
        // X on (2,0), (3,1), (4,2), (5,3).
        var outcome = C4(3, 2, 2, 1, 1, 0, 1, 0, 0, 6, 0);

        Assert.Equal("X", outcome.WinnerSymbol);
        Assert.Equal("X", outcome.Board[2][0]);
    }

    [Fact]
    public void The_opponent_wins_with_O()
    {
        var outcome = C4(0, 1, 0, 1, 0, 1, 6, 1);

        Assert.Equal("O", outcome.WinnerSymbol);
    }

    [Fact]
    public void Connect_four_is_a_draw_when_the_top_row_fills_without_a_win()
    {
        // 42 moves, X first, with no four in a row at any point (found by a search; each prefix is checked below).
        int[] order = [5, 4, 5, 0, 6, 2, 4, 5, 5, 0, 4, 1, 1, 0, 4, 5, 6, 5, 3, 1, 1, 2, 2, 6, 2, 6, 6, 3, 6, 2, 0, 3, 0, 3, 3, 4, 3, 1, 4, 2, 1, 0];
        var board = GameRules.NewBoard(GameRules.Connect4)!;
        MoveOutcome? last = null;
        for (var i = 0; i < order.Length; i++)
        {
            var result = GameRules.Apply(GameRules.Connect4, board, i % 2 == 0 ? "X" : "O", Column(order[i]));
            Assert.Null(result.Error);
            last = result.Value!;
            Assert.Null(last.WinnerSymbol);
            board = last.Board;
            Assert.Equal(i == order.Length - 1, last.IsDraw);
        }

        Assert.True(last!.Finished);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Tic_tac_toe_wins_on_each_row(int row)
    {
        var other = (row + 1) % 3;
        var outcome = Ttt((row, 0), (other, 0), (row, 1), (other, 1), (row, 2));

        Assert.Equal("X", outcome.WinnerSymbol);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Tic_tac_toe_wins_on_each_column(int column)
    {
        var other = (column + 1) % 3;
        var outcome = Ttt((0, column), (0, other), (1, column), (1, other), (2, column));

        Assert.Equal("X", outcome.WinnerSymbol);
    }

    [Fact]
    public void Tic_tac_toe_wins_on_both_diagonals()
    {
        Assert.Equal("X", Ttt((0, 0), (0, 1), (1, 1), (0, 2), (2, 2)).WinnerSymbol);
        Assert.Equal("O", Ttt((0, 0), (0, 2), (0, 1), (1, 1), (2, 2), (2, 0)).WinnerSymbol);
    }

    [Fact]
    public void Tic_tac_toe_is_a_draw_when_all_nine_cells_fill_without_a_win()
    {
        // X O X / X O O / O X X
        var outcome = Ttt((0, 0), (0, 1), (0, 2), (1, 1), (1, 0), (1, 2), (2, 1), (2, 0), (2, 2));

        Assert.Null(outcome.WinnerSymbol);
        Assert.True(outcome.IsDraw);
        Assert.True(outcome.Finished);
    }

    [Fact]
    public void A_win_on_the_last_cell_is_a_win_not_a_draw()
    {
        // X O X / O X O / O X X  : X wins on the main diagonal with the ninth cell.
        var outcome = Ttt((0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (2, 1), (2, 0), (2, 2));

        Assert.Equal("X", outcome.WinnerSymbol);
        Assert.False(outcome.IsDraw);
    }

    [Theory]
    [InlineData("""{"x":3,"y":0}""")]
    [InlineData("""{"x":0,"y":3}""")]
    [InlineData("""{"x":-1,"y":0}""")]
    [InlineData("""{"x":0,"y":99999999999}""")]
    public void Tic_tac_toe_refuses_a_cell_out_of_range(string payload) =>
        Assert.Equal("Invalid move location", Refusal(GameRules.TicTacToe, GameRules.NewBoard(GameRules.TicTacToe)!, Payload(payload)));

    [Fact]
    public void Tic_tac_toe_refuses_an_occupied_cell()
    {
        var board = Ttt((1, 1)).Board;

        Assert.Equal("Invalid move location", Refusal(GameRules.TicTacToe, board, Cell(1, 1)));
    }

    [Theory]
    [InlineData("7")]
    [InlineData("-1")]
    [InlineData("100")]
    public void Connect_four_refuses_a_column_out_of_range(string column) =>
        Assert.Equal("Invalid move location or column full",
            Refusal(GameRules.Connect4, GameRules.NewBoard(GameRules.Connect4)!, Payload($$"""{"column":{{column}}}""")));

    [Fact]
    public void Connect_four_refuses_a_full_column()
    {
        var board = C4(4, 4, 4, 4, 4, 4).Board;

        Assert.Equal("Column is full", Refusal(GameRules.Connect4, board, Column(4)));
    }

    [Theory]
    [InlineData(GameRules.Connect4, "{}")]
    [InlineData(GameRules.Connect4, """{"column":"3"}""")]
    [InlineData(GameRules.Connect4, """{"column":3.5}""")]
    [InlineData(GameRules.Connect4, """{"column":null}""")]
    [InlineData(GameRules.Connect4, """{"x":1,"y":1}""")]
    [InlineData(GameRules.Connect4, "3")]
    [InlineData(GameRules.Connect4, "[3]")]
    [InlineData(GameRules.Connect4, "null")]
    [InlineData(GameRules.TicTacToe, """{"x":1}""")]
    [InlineData(GameRules.TicTacToe, """{"y":1}""")]
    [InlineData(GameRules.TicTacToe, """{"x":"1","y":1}""")]
    [InlineData(GameRules.TicTacToe, """{"x":1,"y":1.5}""")]
    [InlineData(GameRules.TicTacToe, """{"x":null,"y":1}""")]
    [InlineData(GameRules.TicTacToe, """{"column":1}""")]
    [InlineData(GameRules.TicTacToe, "\"x\"")]
    public void A_payload_of_the_wrong_shape_is_an_invalid_move_format(string type, string payload) =>
        Assert.Equal("Invalid move format", Refusal(type, GameRules.NewBoard(type)!, Payload(payload)));

    [Fact]
    public void A_missing_payload_is_an_invalid_move_format() =>
        Assert.Equal("Invalid move format", Refusal(GameRules.Connect4, GameRules.NewBoard(GameRules.Connect4)!, default));

    [Fact]
    public void A_move_in_a_game_without_board_logic_is_an_invalid_move_format() =>
        Assert.Equal("Invalid move format", Refusal("chess", [], Column(1)));

    [Fact]
    public void A_refused_move_leaves_the_board_unchanged_and_an_accepted_one_copies_it()
    {
        var board = GameRules.NewBoard(GameRules.TicTacToe)!;
        var outcome = GameRules.Apply(GameRules.TicTacToe, board, "X", Cell(0, 0)).Value!;

        Assert.Equal("", board[0][0]);
        Assert.Equal("X", outcome.Board[0][0]);
    }

    [Fact]
    public void A_stored_board_round_trips_and_a_state_that_is_not_a_board_reads_as_a_new_board()
    {
        var board = C4(0, 1, 2).Board;

        Assert.Equal(board, GameRules.Parse(GameRules.Connect4, GameRules.Serialize(board)));
        Assert.Equal(GameRules.NewBoard(GameRules.Connect4), GameRules.Parse(GameRules.Connect4, "{}"));
        Assert.Equal(GameRules.NewBoard(GameRules.TicTacToe), GameRules.Parse(GameRules.TicTacToe, GameRules.Serialize(board)));
        Assert.Null(GameRules.Parse("chess", "{}"));
    }

    [Fact]
    public void Points_are_15_for_connect_four_and_10_otherwise()
    {
        Assert.Equal(15, GameRules.WinPoints(GameRules.Connect4));
        Assert.Equal(10, GameRules.WinPoints(GameRules.TicTacToe));
        Assert.Equal(10, GameRules.WinPoints("chess"));
    }
}
