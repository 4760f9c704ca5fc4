"""A character-level tokenizer built in-process with the ``tokenizers`` library (nothing to download),
wrapped as a ``PreTrainedTokenizerFast`` so that it saves and loads with the model."""

SPECIAL_TOKENS = ["<pad>", "<s>", "</s>", "<unk>"]


def character_tokenizer(characters, extra_tokens=(), end_with_eos=False):
    """One token per character of ``characters`` (plus ``extra_tokens``, kept whole). With
    ``end_with_eos`` every encoded text ends with ``</s>``, as seq2seq models expect."""
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    vocabulary = {token: i for i, token in enumerate(SPECIAL_TOKENS + list(extra_tokens) + list(characters))}
    backend = Tokenizer(models.WordLevel(vocab=vocabulary, unk_token="<unk>"))
    backend.pre_tokenizer = pre_tokenizers.Split(Regex("."), behavior="isolated")
    backend.decoder = decoders.Fuse()
    if end_with_eos:
        backend.post_processor = processors.TemplateProcessing(single="$A </s>", special_tokens=[("</s>", 2)])
    return PreTrainedTokenizerFast(tokenizer_object=backend, pad_token="<pad>", bos_token="<s>", eos_token="</s>",
                                   unk_token="<unk>", additional_special_tokens=list(extra_tokens))
