//! The stdio loop: the reader thread, the initialize handshake, dispatch of
//! requests and notifications, and publishing diagnostics once no message is
//! waiting (which coalesces a burst of changes into one compilation).
//!
//! The reader thread cuts stdin into frames with our own `framing` (which
//! survives malformed and oversized frames) and decodes each as lsp-server's
//! `Message`; replies are written with lsp-server's writer.

use super::framing::{FrameResult, MAX_FRAME_BYTES, Skipped, read_frame};
use super::{Session, actions, completion, hover, navigation};
use crate::catalogue::Catalogue;
use crate::cli::files::Reach;
use crate::compile::Options;
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    HoverProviderCapability, InitializeResult, OneOf, PositionEncodingKind,
    PublishDiagnosticsParams, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::{HashSet, VecDeque};
use std::io::Write;
use std::sync::mpsc;

/// Serves the protocol on stdin and stdout until `exit` (or the end of input),
/// reading the files that documents `use` within `reach`.
/// Returns the process exit code: 0 after `shutdown` then `exit`, 1 otherwise.
#[must_use]
pub fn run(catalogue: Catalogue, options: Options, reach: Reach) -> u8 {
    let (sender, receiver) = mpsc::channel();
    let reader = std::thread::Builder::new()
        .name("wirec-lsp-reader".to_string())
        .spawn(move || read_messages(&sender));
    if let Err(error) = reader {
        eprintln!("wirec lsp: cannot start the reader thread: {error}");
        return 1;
    }
    eprintln!("wirec lsp {}: ready on stdio", env!("CARGO_PKG_VERSION"));
    let stdout = std::io::stdout();
    let mut server = Server {
        session: Session::new(catalogue, options).within(reach),
        out: stdout.lock(),
        state: State::Uninitialized,
        cancelled: HashSet::new(),
        broken: false,
    };
    server.serve(&receiver)
}

/// Reads framed messages from stdin into the channel, without limit, so the
/// main loop can see every message already sent when it decides what to
/// compile. Malformed frames and bodies are reported on stderr and skipped.
fn read_messages(sender: &mpsc::Sender<Message>) {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    loop {
        match read_frame(&mut input, MAX_FRAME_BYTES) {
            FrameResult::Frame { body, skipped } => {
                report_skipped(&skipped);
                match serde_json::from_slice::<Message>(&body) {
                    Ok(message) => {
                        if sender.send(message).is_err() {
                            return;
                        }
                    }
                    Err(error) => {
                        let shown: String = error.to_string().chars().take(300).collect();
                        eprintln!("wirec lsp: skipping a malformed message: {shown}");
                    }
                }
            }
            FrameResult::End { skipped } => {
                report_skipped(&skipped);
                return;
            }
            FrameResult::Failed(error) => {
                eprintln!("wirec lsp: cannot read stdin: {error}");
                return;
            }
        }
    }
}

fn report_skipped(skipped: &Skipped) {
    for reason in &skipped.reasons {
        let shown: String = reason.chars().take(300).collect();
        eprintln!("wirec lsp: skipping malformed input: {shown}");
    }
    if skipped.unlisted > 0 {
        eprintln!(
            "wirec lsp: skipping {} more malformed frames",
            skipped.unlisted
        );
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Uninitialized,
    Running,
    ShutDown,
}

struct Server<W: Write> {
    session: Session,
    out: W,
    state: State,
    /// Requests still queued that the client cancelled.
    cancelled: HashSet<RequestId>,
    /// Set when stdout cannot be written: the client is gone.
    broken: bool,
}

impl<W: Write> Server<W> {
    fn serve(&mut self, receiver: &mpsc::Receiver<Message>) -> u8 {
        let mut queue: VecDeque<Message> = VecDeque::new();
        loop {
            if self.broken {
                return 1;
            }
            if queue.is_empty() {
                // Nothing is waiting: now the latest text of each changed document is compiled.
                self.publish_unpublished();
                match receiver.recv() {
                    Ok(message) => self.enqueue(&mut queue, message),
                    Err(_) => return self.exit_code(),
                }
            }
            while let Ok(message) = receiver.try_recv() {
                self.enqueue(&mut queue, message);
            }
            let Some(message) = queue.pop_front() else {
                continue;
            };
            match message {
                Message::Request(request) => self.request(request),
                Message::Notification(notification) if notification.method == "exit" => {
                    return self.exit_code();
                }
                Message::Notification(notification) => self.notification(notification),
                Message::Response(_) => {}
            }
        }
    }

    fn exit_code(&self) -> u8 {
        u8::from(self.state != State::ShutDown)
    }

    /// Queues a message; a cancellation of a request still in the queue marks it.
    fn enqueue(&mut self, queue: &mut VecDeque<Message>, message: Message) {
        if let Message::Notification(notification) = &message
            && notification.method == "$/cancelRequest"
        {
            if let Ok(params) =
                serde_json::from_value::<lsp_types::CancelParams>(notification.params.clone())
            {
                let id = match params.id {
                    lsp_types::NumberOrString::Number(number) => RequestId::from(number),
                    lsp_types::NumberOrString::String(text) => RequestId::from(text),
                };
                let waiting = queue
                    .iter()
                    .any(|queued| matches!(queued, Message::Request(request) if request.id == id));
                if waiting {
                    self.cancelled.insert(id);
                }
            }
            return;
        }
        queue.push_back(message);
    }

    fn send(&mut self, message: &Message) {
        if self.broken {
            return;
        }
        if let Err(error) = message.write(&mut self.out) {
            eprintln!("wirec lsp: cannot write to stdout: {error}");
            self.broken = true;
        }
    }

    fn publish(&mut self, params: &PublishDiagnosticsParams) {
        let notification = Notification::new(
            "textDocument/publishDiagnostics".to_string(),
            serde_json::to_value(params).unwrap_or_default(),
        );
        self.send(&Message::from(notification));
    }

    fn publish_unpublished(&mut self) {
        for uri in self.session.unpublished() {
            let session = &mut self.session;
            let published = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                session.diagnostics(&uri)
            }));
            match published {
                Ok(Some(params)) => self.publish(&params),
                Ok(None) => {}
                Err(_) => eprintln!("wirec lsp: diagnostics failed for {}", uri.as_str()),
            }
        }
    }

    fn respond(&mut self, id: RequestId, result: Result<serde_json::Value, (i32, String)>) {
        let response = match result {
            Ok(value) => Response {
                id,
                response_result: Ok(value),
            },
            Err((code, message)) => Response::new_err(id, code, message),
        };
        self.send(&Message::from(response));
    }

    fn request(&mut self, request: Request) {
        let Request { id, method, params } = request;
        if self.cancelled.remove(&id) {
            self.respond(
                id,
                Err((ErrorCode::RequestCanceled as i32, "cancelled".to_string())),
            );
            return;
        }
        let result = match (self.state, method.as_str()) {
            (State::Uninitialized, "initialize") => {
                self.state = State::Running;
                serde_json::to_value(initialize_result())
                    .map_err(|error| (ErrorCode::InternalError as i32, error.to_string()))
            }
            (State::Uninitialized, _) => Err((
                ErrorCode::ServerNotInitialized as i32,
                "the server is not initialized".to_string(),
            )),
            (State::ShutDown, _) => Err((
                ErrorCode::InvalidRequest as i32,
                "the server is shut down".to_string(),
            )),
            (State::Running, "initialize") => Err((
                ErrorCode::InvalidRequest as i32,
                "the server is already initialized".to_string(),
            )),
            (State::Running, "shutdown") => {
                self.state = State::ShutDown;
                Ok(serde_json::Value::Null)
            }
            (State::Running, method) => self.dispatch(method, params),
        };
        self.respond(id, result);
    }

    fn dispatch(
        &mut self,
        method: &str,
        params: serde_json::Value,
    ) -> Result<serde_json::Value, (i32, String)> {
        match method {
            "textDocument/hover" => self.call(params, hover::hover),
            "textDocument/completion" => self.call(params, completion::completion),
            "textDocument/definition" => self.call(params, navigation::definition),
            "textDocument/references" => self.call(params, navigation::references),
            "textDocument/documentSymbol" => self.call(params, navigation::symbols),
            "textDocument/codeAction" => self.call(params, actions::code_actions),
            "textDocument/formatting" => self.call(params, actions::formatting),
            _ => Err((
                ErrorCode::MethodNotFound as i32,
                format!("unknown method `{method}`"),
            )),
        }
    }

    /// Decodes the parameters, runs a handler (a panic in it is an internal
    /// error, not the end of the server) and encodes its result.
    fn call<P: DeserializeOwned, R: Serialize>(
        &mut self,
        params: serde_json::Value,
        handler: fn(&mut Session, P) -> R,
    ) -> Result<serde_json::Value, (i32, String)> {
        let params: P = serde_json::from_value(params)
            .map_err(|error| (ErrorCode::InvalidParams as i32, error.to_string()))?;
        let session = &mut self.session;
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(session, params)))
                .map_err(|_| {
                    (
                        ErrorCode::InternalError as i32,
                        "the request failed; see the server's log".to_string(),
                    )
                })?;
        serde_json::to_value(result)
            .map_err(|error| (ErrorCode::InternalError as i32, error.to_string()))
    }

    fn notification(&mut self, notification: Notification) {
        if self.state != State::Running {
            return;
        }
        let Notification { method, params } = notification;
        match method.as_str() {
            "textDocument/didOpen" => {
                if let Some(params) = decode::<DidOpenTextDocumentParams>(&method, params) {
                    let document = params.text_document;
                    self.session
                        .open(document.uri, document.version, document.text);
                }
            }
            "textDocument/didChange" => {
                if let Some(params) = decode::<DidChangeTextDocumentParams>(&method, params) {
                    let document = params.text_document;
                    if !self
                        .session
                        .change(&document.uri, document.version, params.content_changes)
                    {
                        eprintln!(
                            "wirec lsp: change to a document that is not open: {}",
                            document.uri.as_str()
                        );
                    }
                }
            }
            "textDocument/didClose" => {
                if let Some(params) = decode::<DidCloseTextDocumentParams>(&method, params) {
                    let uri = params.text_document.uri;
                    self.session.close(&uri);
                    // Clear what the editor shows for a closed file.
                    self.publish(&PublishDiagnosticsParams {
                        uri,
                        diagnostics: Vec::new(),
                        version: None,
                    });
                }
            }
            _ => {}
        }
    }
}

fn decode<P: DeserializeOwned>(method: &str, params: serde_json::Value) -> Option<P> {
    match serde_json::from_value(params) {
        Ok(params) => Some(params),
        Err(error) => {
            eprintln!("wirec lsp: ignoring `{method}` with invalid parameters: {error}");
            None
        }
    }
}

/// What the server can do.
fn initialize_result() -> InitializeResult {
    InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(PositionEncodingKind::UTF16),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::FULL),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec![">".to_string()]),
                ..CompletionOptions::default()
            }),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            document_symbol_provider: Some(OneOf::Left(true)),
            document_formatting_provider: Some(OneOf::Left(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..CodeActionOptions::default()
            })),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "wirec".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    }
}
