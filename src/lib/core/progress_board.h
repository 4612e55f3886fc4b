/* SPDX-License-Identifier: MIT */
/* The progress board: one block of lines on a terminal that every dp
 * program of a pipeline with --progress shares, a line each, so that
 * their reports and messages never draw over each other (dp(7),
 * PROGRESS). Internal to progress.c and err.c. */
#ifndef DP_PROGRESS_BOARD_H
#define DP_PROGRESS_BOARD_H

/* Take a line on the board of this terminal and process group, making
 * the board if there is none. Returns 0, or -1 when there can be no
 * board (stderr is not a terminal, or its file cannot be used). */
int dp_board_join(void);
/* Set this program's line to text and draw the board. */
void dp_board_show(const char *text);
/* Give the line up; with final non-NULL, print it above the board for
 * good first. The last program to leave removes the board. */
void dp_board_leave(const char *final);
/* For a signal handler (async-signal-safe: no lock, no allocation):
 * give the line up, remove the board if no other program has a line,
 * and take the block off the screen, so a killed pipeline leaves the
 * terminal clean. */
void dp_board_abandon(void);
/* Around a message on stderr: take the board off the screen (and hold
 * it, from other programs and this one's other threads), so the message
 * starts on a clean line; dp_board_message_end draws the board again
 * below it and lets go. Without a board they only hold the thread
 * lock. Every begin needs its end. */
void dp_board_message_begin(void);
void dp_board_message_end(void);

#endif
