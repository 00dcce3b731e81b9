pub mod typeset;
